/**
 * json.verify_schema and json.match_schema (OPA topdown/jsonschema.go, which uses
 * gojsonschema). Validation runs on ajv (draft-07 semantics, loaded lazily);
 * errors are reported in gojsonschema's shape: {desc, error, field, type}.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isString, ObjectValue, toJSON, type Value } from '../value.js';
import { BuiltinError, operandTypeError, type BuiltinDef } from './registry.js';

let AjvClass: typeof import('ajv').Ajv | undefined;

/** A fresh ajv per schema: schemas with an $id would otherwise collide across policies. */
function newAjv(): import('ajv').Ajv {
  AjvClass ??= (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv;
  return new AjvClass({ allErrors: true, strict: false, validateFormats: false });
}

const PRIMITIVES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

/** A schema or document argument: JSON text or a value. */
function jsonArg(v: Value, pos: number): unknown {
  if (isString(v)) {
    try {
      return JSON.parse(v);
    } catch (e) {
      throw new BuiltinError(`operand ${pos}: ${(e as Error).message}`);
    }
  }
  if (v === null || typeof v === 'boolean' || typeof v === 'number') throw operandTypeError(pos, v, 'string', 'object');
  return toJSON(v);
}

/** gojsonschema's complaint about an unknown "type", found anywhere in the schema. */
function badPrimitive(schema: unknown): string | undefined {
  if (Array.isArray(schema)) {
    for (const s of schema) {
      const r = badPrimitive(s);
      if (r) return r;
    }
    return undefined;
  }
  if (schema === null || typeof schema !== 'object') return undefined;
  const rec = schema as Record<string, unknown>;
  const types = typeof rec.type === 'string' ? [rec.type] : Array.isArray(rec.type) ? rec.type : [];
  for (const t of types) {
    if (typeof t === 'string' && !PRIMITIVES.includes(t)) {
      return `has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${PRIMITIVES.join(' ')}]`;
    }
  }
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
    const r = badPrimitive(v);
    if (r) return r;
  }
  return undefined;
}

/** Compile a schema or return gojsonschema-style error text. */
const compiled = new Map<string, ValidateFunction | string>();
const MAX_CACHED = 200;

function compile(schema: unknown): ValidateFunction | string {
  const key = JSON.stringify(schema);
  let hit = compiled.get(key);
  if (hit !== undefined) return hit;
  hit = badPrimitive(schema);
  if (hit === undefined) {
    try {
      hit = newAjv().compile(JSON.parse(key) as object);
    } catch (e) {
      hit = (e as Error).message;
    }
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, hit);
  return hit;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function fieldOf(path: string): string {
  if (path === '') return '(root)';
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

function valueAt(doc: unknown, path: string): unknown {
  let cur = doc;
  if (path === '') return cur;
  for (const raw of path.slice(1).split('/')) {
    const p = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  }
  return cur;
}

/** One ajv error as gojsonschema would word it. */
function describe(err: ErrorObject, doc: unknown): ObjectValue {
  const p = err.params as Record<string, unknown>;
  let field = fieldOf(err.instancePath);
  let type = err.keyword;
  let desc = err.message ?? 'is invalid';
  switch (err.keyword) {
    case 'type': {
      type = 'invalid_type';
      const expected = Array.isArray(p.type) ? (p.type as string[]).join('/') : String(p.type);
      desc = `Invalid type. Expected: ${expected}, given: ${jsonType(valueAt(doc, err.instancePath))}`;
      break;
    }
    case 'required':
      desc = `${String(p.missingProperty)} is required`;
      break;
    case 'additionalProperties':
      type = 'additional_property_not_allowed';
      desc = `Additional property ${String(p.additionalProperty)} is not allowed`;
      break;
    case 'enum':
      desc = `${field} must be one of the following: ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
      break;
    case 'const':
      desc = `${field} does not match: ${JSON.stringify(p.allowedValue)}`;
      break;
    case 'minimum':
    case 'exclusiveMinimum':
      type = err.keyword === 'minimum' ? 'number_gte' : 'number_gt';
      desc = `Must be greater than ${err.keyword === 'minimum' ? 'or equal to ' : ''}${String(p.limit)}`;
      break;
    case 'maximum':
    case 'exclusiveMaximum':
      type = err.keyword === 'maximum' ? 'number_lte' : 'number_lt';
      desc = `Must be less than ${err.keyword === 'maximum' ? 'or equal to ' : ''}${String(p.limit)}`;
      break;
    case 'minLength':
      type = 'string_gte';
      desc = `String length must be greater than or equal to ${String(p.limit)}`;
      break;
    case 'maxLength':
      type = 'string_lte';
      desc = `String length must be less than or equal to ${String(p.limit)}`;
      break;
    case 'pattern':
      type = 'pattern';
      desc = `Does not match pattern '${String(p.pattern)}'`;
      break;
    case 'minItems':
      type = 'array_min_items';
      desc = `Array must have at least ${String(p.limit)} items`;
      break;
    case 'maxItems':
      type = 'array_max_items';
      desc = `Array must have at most ${String(p.limit)} items`;
      break;
    case 'uniqueItems':
      type = 'unique';
      desc = `${field} shouldn't contain duplicates`;
      break;
    case 'format':
      desc = `Does not match format '${String(p.format)}'`;
      break;
  }
  if (field === '') field = '(root)';
  return ObjectValue.fromRecord({ desc, error: `${field}: ${desc}`, field, type });
}

export const jsonSchemaBuiltins: BuiltinDef[] = [
  {
    name: 'json.verify_schema',
    args: [['string', 'object']],
    result: 'array',
    impl: (args) => {
      const schema = jsonArg(args[0]!, 1);
      const r = compile(schema);
      return typeof r === 'string' ? [false, `jsonschema: ${r}`] : [true, null];
    },
  },
  {
    name: 'json.match_schema',
    args: [['string', 'object'], ['string', 'object']],
    result: 'array',
    impl: (args) => {
      const doc = jsonArg(args[0]!, 1);
      const schema = jsonArg(args[1]!, 2);
      const validate = compile(schema);
      if (typeof validate === 'string') throw new BuiltinError(validate);
      if (validate(doc)) return [true, []];
      return [false, (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describe(e, doc))];
    },
  },
];
