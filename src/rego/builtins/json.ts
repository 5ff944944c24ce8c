/**
 * json.* and yaml.* serialisation builtins (OPA topdown/encoding.go).
 * JSON output follows Go's encoding/json; YAML is read with YAML 1.1 scalars
 * (yes/on are booleans, as go-yaml v2 behind sigs.k8s.io/yaml reads them) and
 * only the first document counts; integers keep every digit.
 */
import { createRequire } from 'node:module';
import type * as YAMLModule from 'yaml';
import { isString, ObjectValue, parseJSON, toJSON, type Value } from '../value.js';
import { parseNumber } from '../number.js';
import { argObject, argString, BuiltinError, parsesAsBuiltin, type BuiltinDef } from './registry.js';
import { goJSON } from './gojson.js';

function isBooleanValue(v: Value | undefined): v is boolean {
  return typeof v === 'boolean';
}

function marshalWithOptions(args: Value[]): string {
  const v = args[0]!;
  const opts = argObject(args, 1);
  let indent = '\t';
  let prefix = '';
  let implicit = false;
  let explicit: boolean | undefined;
  for (const [k, val] of opts.entries()) {
    if (!isString(k)) throw new BuiltinError(`operand 2 failed to stringify key ${String(k)}`, 'eval_type_error');
    switch (k) {
      case 'prefix':
      case 'indent':
        if (!isString(val)) throw new BuiltinError(`operand 2 key ${k} failed cast to string`, 'eval_type_error');
        if (k === 'prefix') prefix = val;
        else indent = val;
        implicit = true;
        break;
      case 'pretty':
        if (!isBooleanValue(val)) throw new BuiltinError(`operand 2 key ${k} failed cast to bool`, 'eval_type_error');
        explicit = val;
        break;
      default:
        throw new BuiltinError(`operand 2 object contained unknown key ${JSON.stringify(k)}`, 'eval_type_error');
    }
  }
  const pretty = explicit ?? implicit;
  return pretty ? prefix + goJSON(v, prefix, indent) : goJSON(v);
}

/** Go's json.Unmarshal errors, approximately worded. */
function unmarshalJSON(text: string): Value {
  try {
    JSON.parse(text); // strict validation (RFC 8259) before the exact-number parse
  } catch (e) {
    throw new BuiltinError((e as Error).message);
  }
  return parseJSON(text);
}

// ------------------------------------------------------------------ YAML

// loaded on first use (importing yaml costs ~90 ms)
let yamlModule: typeof YAMLModule | undefined;
export const yamlLib = (): typeof YAMLModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YAMLModule);

const yamlOptions = {
  version: '1.1' as const,
  intAsBigInt: true,
  uniqueKeys: false,
  // go-yaml v2 keeps timestamp-looking scalars as strings when decoding into interface{}
  customTags: (tags: YAMLModule.Tags) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'),
};

/** The error text go-yaml gives for common syntax errors (`yaml: line N: ...`). */
function yamlError(err: YAMLModule.YAMLError): BuiltinError {
  const line = err.linePos?.[0]?.line ?? 1;
  let msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (err.code === 'MISSING_CHAR' && /Flow sequence/.test(msg)) msg = "did not find expected ',' or ']'";
  else if (err.code === 'MISSING_CHAR' && /Flow map/.test(msg)) msg = "did not find expected ',' or '}'";
  return new BuiltinError(`yaml: line ${line}: ${msg}`);
}

function fromYAML(x: unknown): Value {
  if (x === null || x === undefined) return null;
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return x;
    case 'bigint':
      return parseNumber(x.toString())!;
    case 'number':
      if (!Number.isFinite(x)) throw new BuiltinError('json: unsupported value: ' + String(x));
      return parseNumber(String(x)) ?? x;
  }
  if (Array.isArray(x)) return x.map(fromYAML);
  if (x instanceof Map) {
    const o = new ObjectValue();
    for (const [k, v] of x) o.set(yamlKey(k), fromYAML(v));
    return o;
  }
  if (x instanceof Set) return [...x].map(fromYAML);
  if (x instanceof Date) return x.toISOString();
  const o = new ObjectValue();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) o.set(k, fromYAML(v));
  return o;
}

/** sigs.k8s.io/yaml turns non-string keys into their text. */
function yamlKey(k: unknown): string {
  if (k === null || k === undefined) return 'null';
  return typeof k === 'string' ? k : String(k);
}

function parseYAML(text: string): Value {
  const docs = yamlLib().parseAllDocuments(text, yamlOptions);
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) if (d.errors.length) throw yamlError(d.errors[0]!);
  if (list.length === 0) return null;
  return fromYAML(list[0]!.toJS({ mapAsMap: true, maxAliasCount: 10000 }));
}

/** YAML text as go-yaml v2 writes a JSON document: sorted keys, unindented sequences in maps. */
function toYAMLText(v: Value): string {
  // bigints keep integers beyond 2^53 exact
  return yamlLib().stringify(toJSON(v, { bigints: true }), { version: '1.1', indentSeq: false, sortMapEntries: true, lineWidth: 0 });
}

export const jsonBuiltins: BuiltinDef[] = [
  { name: 'json.marshal', args: ['any'], result: 'string', impl: (args) => goJSON(args[0]!) },
  { name: 'json.marshal_with_options', args: ['any', 'object'], result: 'string', impl: marshalWithOptions },
  {
    name: 'json.unmarshal',
    args: ['string'],
    result: 'any',
    impl: (args) => unmarshalJSON(argString(args, 0)),
  },
  parsesAsBuiltin('json.is_valid', (s) => JSON.parse(s)),
  { name: 'yaml.marshal', args: ['any'], result: 'string', impl: (args) => toYAMLText(args[0]!) },
  {
    name: 'yaml.unmarshal',
    args: ['string'],
    result: 'any',
    impl: (args) => parseYAML(argString(args, 0)),
  },
  parsesAsBuiltin('yaml.is_valid', (s) => parseYAML(s)),
];
