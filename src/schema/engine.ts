/**
 * A small JSON Schema validator built for Kubernetes schemas.
 *
 * Why not ajv: ajv generates and `eval`s code for the whole reachable schema when a schema is compiled.
 * A Deployment reaches ~150 definitions (PodSpec, every volume source, ...): that took 400-700 ms cold on
 * this machine, plus ~120 ms to import ajv itself, which breaks the "one file checked in < 0.5 s" target.
 * This engine turns a schema node into a closure on first use instead: `$ref`s are resolved and compiled
 * lazily, so a run only pays for the definitions its resources actually touch, and each definition is
 * compiled once per engine (per run) and shared by every kind that references it.
 *
 * Supported: type (incl. unions), enum, const, properties, required, additionalProperties,
 * patternProperties, propertyNames, min/maxProperties, dependencies / dependentRequired / dependentSchemas,
 * items (schema or tuple), prefixItems, additionalItems, min/maxItems, uniqueItems, contains,
 * min/maxLength, pattern, format (see formats.ts), minimum/maximum, exclusiveMinimum/Maximum (draft-04
 * booleans and numbers), multipleOf, allOf, anyOf, oneOf, not, if/then/else, $ref (JSON pointers within a
 * document and relative or absolute references to other documents), boolean schemas, and the Kubernetes
 * extensions nullable, x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields,
 * x-kubernetes-embedded-resource, x-kubernetes-list-type (set/map) with x-kubernetes-list-map-keys.
 * Other keywords are annotations and are ignored.
 */
import { celRulesOf } from './cel-rules.js';
import { FORMATS } from './formats.js';

export type PathToken = string | number;

/** One violation, before it becomes a finding (see messages.ts). */
export interface SchemaError {
  keyword: string;
  /** Instance path tokens from the validated value's root. */
  path: PathToken[];
  params: Record<string, unknown>;
  /** The schema node whose keyword failed. */
  schema: SchemaNode;
  data: unknown;
  /** For anyOf / oneOf: the errors of every branch. */
  branches?: SchemaError[][];
  /** additionalProperties errors: true when the closing was implied (typed object), not written in the schema. */
  implied?: boolean;
}

export type SchemaNode = Record<string, unknown> | boolean;

/**
 * How objects that do not say `additionalProperties` are treated.
 * - `explicit`: plain JSON Schema, open unless the schema closes them (the bundled Kubernetes schemas close
 *   every typed object explicitly).
 * - `typed`: an object schema with `properties` is closed (unknown fields are reported), unless it has
 *   patternProperties, a combinator beside it, or x-kubernetes-preserve-unknown-fields. For user schemas.
 * - `kubernetes`: structural-schema pruning as the API server does for custom resources: every object is
 *   closed unless it has additionalProperties or x-kubernetes-preserve-unknown-fields, including
 *   `type: object` without properties.
 */
export type ClosingMode = 'explicit' | 'typed' | 'kubernetes';

export interface SchemaDocument {
  uri: string;
  root: SchemaNode;
  closing: ClosingMode;
  /** Fields always known on the validated object's top level (apiVersion, kind, metadata of a resource). */
  rootFields?: readonly string[];
}

export type Validate = (data: unknown) => SchemaError[];

/** Thrown for schemas that cannot be used (unresolvable $ref, ...). */
export class SchemaProblem extends Error {}

interface Ctx {
  errors: SchemaError[];
  path: PathToken[];
  depth: number;
}

type Check = (data: unknown, ctx: Ctx) => boolean;

interface Env {
  doc: SchemaDocument;
  /** Inside allOf/anyOf/oneOf/not/if branches (or next to them): no implied closing. */
  inCombinator: boolean;
}

export interface EngineOptions {
  /** Loads a document the engine does not have yet (`$ref` to another file). Returns undefined when absent. */
  load?: (uri: string) => SchemaNode | undefined;
  /** `$ref` used for `metadata` of x-kubernetes-embedded-resource objects. */
  objectMetaRef?: string;
  /** Nesting limit for instances (deeper data is reported once and not descended into). */
  maxDepth?: number;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true; // unknown type names are not enforced
  }
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!hasOwn(b, k) || !jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Canonical text of a JSON value (sorted keys), for uniqueness checks. */
function canonical(v: unknown, depth = 0): string {
  if (depth > 64) return '…';
  if (Array.isArray(v)) return '[' + v.map((x) => canonical(x, depth + 1)).join(',') + ']';
  if (isObject(v)) {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k], depth + 1)).join(',') + '}';
  }
  return JSON.stringify(v) ?? 'undefined';
}

function unicodeLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** Go RE2 syntax that JavaScript spells differently. Returns undefined when the pattern cannot be used. */
export function compilePattern(pattern: string): RegExp | undefined {
  let src = pattern;
  let flags = 'u';
  const inline = /^\(\?([ims]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]!) if (!flags.includes(f)) flags += f;
  }
  src = src.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$').replace(/\\A/g, '^');
  for (const f of [flags, flags.replace('u', '')]) {
    try {
      return new RegExp(src, f);
    } catch {
      // try without the unicode flag, which rejects some escapes Go accepts
    }
  }
  return undefined;
}

const TRUE_CHECK: Check = () => true;

export class SchemaEngine {
  private readonly docs = new Map<string, SchemaDocument>();
  private readonly cache = new Map<string, WeakMap<object, Check>>();
  private readonly options: EngineOptions;
  /** Patterns that JavaScript cannot compile: ignored, listed here for the report. */
  readonly ignoredPatterns = new Set<string>();

  constructor(options: EngineOptions = {}) {
    this.options = options;
  }

  addDocument(doc: SchemaDocument): void {
    this.docs.set(stripFragment(doc.uri), doc);
  }

  hasDocument(uri: string): boolean {
    return this.docs.has(stripFragment(uri));
  }

  /**
   * A validator for `uri#pointer`. Nothing is compiled until the first call; compiled nodes are cached
   * per engine, so every kind that reaches a definition shares its compiled form.
   */
  validator(ref: string): Validate {
    const doc = this.docFor(ref);
    let check: Check | undefined;
    return (data: unknown) => {
      check ??= this.compile(this.resolvePointer(doc, fragmentOf(ref), ref), { doc, inCombinator: false });
      const ctx: Ctx = { errors: [], path: [], depth: 0 };
      check(data, ctx);
      return ctx.errors;
    };
  }

  private docFor(ref: string, shown: string = ref): SchemaDocument {
    const uri = stripFragment(ref);
    let doc = this.docs.get(uri);
    if (!doc && this.options.load) {
      const root = this.options.load(uri);
      if (root !== undefined) {
        doc = { uri, root, closing: 'typed' };
        this.docs.set(uri, doc);
      }
    }
    if (!doc) throw new SchemaProblem(`cannot resolve $ref ${JSON.stringify(shown)}: schema document ${uri} not found`);
    return doc;
  }

  private resolvePointer(doc: SchemaDocument, pointer: string, ref: string): SchemaNode {
    let node: unknown = doc.root;
    if (pointer === '' || pointer === '/') return node as SchemaNode;
    if (!pointer.startsWith('/')) throw new SchemaProblem(`cannot resolve $ref ${JSON.stringify(ref)}: only JSON-pointer fragments are supported`);
    for (const raw of pointer.slice(1).split('/')) {
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        // keep the raw token
      }
      const token = decoded.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(node) && /^\d+$/.test(token)) node = node[Number(token)];
      else if (isObject(node) && hasOwn(node, token)) node = node[token];
      else throw new SchemaProblem(`cannot resolve $ref ${JSON.stringify(ref)}: ${JSON.stringify(token)} not found`);
    }
    if (typeof node !== 'boolean' && !isObject(node)) throw new SchemaProblem(`$ref ${JSON.stringify(ref)} does not point at a schema`);
    return node as SchemaNode;
  }

  /** Compiles `node` on first use: big CRD schemas only pay for the fields their resources use. */
  private lazy(node: SchemaNode, env: Env): Check {
    if (typeof node === 'boolean' || !isObject(node)) return this.compile(node, env);
    const hit = this.cache.get(cacheKey(env))?.get(node);
    if (hit) return hit;
    let check: Check | undefined;
    return (data, ctx) => (check ??= this.compile(node, env))(data, ctx);
  }

  private compile(node: SchemaNode, env: Env): Check {
    if (node === true) return TRUE_CHECK;
    if (node === false) {
      return (data, ctx) => {
        ctx.errors.push({ keyword: 'false', path: ctx.path.slice(), params: {}, schema: node, data });
        return false;
      };
    }
    if (!isObject(node)) return TRUE_CHECK;
    const key = cacheKey(env);
    let cache = this.cache.get(key);
    if (!cache) this.cache.set(key, (cache = new WeakMap()));
    const hit = cache.get(node);
    if (hit) return hit;
    // Placeholder against (impossible in JSON, possible in hand-built objects) cycles.
    let compiled: Check | undefined;
    cache.set(node, (d, c) => compiled!(d, c));
    compiled = this.build(node, env);
    cache.set(node, compiled);
    return compiled;
  }

  private build(s: Record<string, unknown>, env: Env): Check {
    const checks: Check[] = [];
    const mode = env.doc.closing;
    const nullable = s.nullable === true;
    const intOrString = s['x-kubernetes-int-or-string'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    // A $ref or a combinator beside the object's own keywords can contribute fields: no implied closing.
    const hasCombinator = 'allOf' in s || 'anyOf' in s || 'oneOf' in s || 'not' in s || 'if' in s || '$ref' in s;
    const childEnv: Env = env;
    const branchEnv: Env = { doc: env.doc, inCombinator: true };

    // ---- type
    let types: string[] | undefined;
    if (intOrString) types = ['integer', 'string'];
    else if (typeof s.type === 'string') types = [s.type];
    else if (Array.isArray(s.type)) types = s.type.filter((t): t is string => typeof t === 'string');
    if (types && nullable && !types.includes('null')) types = [...types, 'null'];
    const typeList = types;

    // ---- $ref (siblings apply too)
    if (typeof s.$ref === 'string') {
      const ref = s.$ref;
      const base = env.doc.uri;
      let target: Check | undefined;
      checks.push((data, ctx) => {
        if (!target) {
          const abs = resolveUri(base, ref);
          const doc = abs.startsWith('#') ? env.doc : this.docFor(abs, ref);
          const node = this.resolvePointer(doc, fragmentOf(abs), ref);
          target = this.compile(node, { doc, inCombinator: env.inCombinator });
        }
        return target(data, ctx);
      });
    }

    // ---- enum / const
    if (Array.isArray(s.enum)) {
      const values = s.enum as unknown[];
      const prims = new Set(values.filter((v) => typeof v !== 'object' || v === null));
      const objs = values.filter((v) => typeof v === 'object' && v !== null);
      checks.push((data, ctx) => {
        if (data === null && nullable) return true;
        if (typeof data !== 'object' || data === null ? prims.has(data) : objs.some((o) => jsonEqual(o, data))) return true;
        ctx.errors.push({ keyword: 'enum', path: ctx.path.slice(), params: { allowedValues: values }, schema: s, data });
        return false;
      });
    }
    if ('const' in s) {
      const expected = s.const;
      checks.push((data, ctx) => {
        if (jsonEqual(expected, data)) return true;
        ctx.errors.push({ keyword: 'const', path: ctx.path.slice(), params: { allowedValue: expected }, schema: s, data });
        return false;
      });
    }

    // ---- strings
    const minLength = typeof s.minLength === 'number' ? s.minLength : undefined;
    const maxLength = typeof s.maxLength === 'number' ? s.maxLength : undefined;
    let pattern: RegExp | undefined;
    if (typeof s.pattern === 'string') {
      pattern = compilePattern(s.pattern);
      if (!pattern) this.ignoredPatterns.add(s.pattern);
    }
    const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
    if (minLength !== undefined || maxLength !== undefined || pattern || format?.type === 'string') {
      const re = pattern;
      const fmt = format?.type === 'string' ? (format.check as (v: string) => string | undefined) : undefined;
      checks.push((data, ctx) => {
        if (typeof data !== 'string') return true;
        let ok = true;
        if (minLength !== undefined || maxLength !== undefined) {
          const len = data.length > (maxLength ?? Infinity) || data.length < (minLength ?? 0) * 2 ? unicodeLength(data) : data.length;
          if (maxLength !== undefined && len > maxLength) {
            ctx.errors.push({ keyword: 'maxLength', path: ctx.path.slice(), params: { limit: maxLength, actual: len }, schema: s, data });
            ok = false;
          }
          if (minLength !== undefined && len < minLength) {
            ctx.errors.push({ keyword: 'minLength', path: ctx.path.slice(), params: { limit: minLength, actual: len }, schema: s, data });
            ok = false;
          }
        }
        if (re && !re.test(data)) {
          ctx.errors.push({ keyword: 'pattern', path: ctx.path.slice(), params: { pattern: s.pattern }, schema: s, data });
          ok = false;
        }
        if (fmt) {
          const problem = fmt(data);
          if (problem) {
            ctx.errors.push({ keyword: 'format', path: ctx.path.slice(), params: { format: s.format, problem }, schema: s, data });
            ok = false;
          }
        }
        return ok;
      });
    }

    // ---- numbers
    const numberChecks: Array<[string, (n: number) => boolean, unknown]> = [];
    if (typeof s.minimum === 'number') {
      const m = s.minimum;
      if (s.exclusiveMinimum === true) numberChecks.push(['exclusiveMinimum', (n) => n > m, m]);
      else numberChecks.push(['minimum', (n) => n >= m, m]);
    }
    if (typeof s.maximum === 'number') {
      const m = s.maximum;
      if (s.exclusiveMaximum === true) numberChecks.push(['exclusiveMaximum', (n) => n < m, m]);
      else numberChecks.push(['maximum', (n) => n <= m, m]);
    }
    if (typeof s.exclusiveMinimum === 'number') {
      const m = s.exclusiveMinimum;
      numberChecks.push(['exclusiveMinimum', (n) => n > m, m]);
    }
    if (typeof s.exclusiveMaximum === 'number') {
      const m = s.exclusiveMaximum;
      numberChecks.push(['exclusiveMaximum', (n) => n < m, m]);
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const m = s.multipleOf;
      numberChecks.push(['multipleOf', (n) => {
        const q = n / m;
        return Math.abs(q - Math.round(q)) < 1e-9;
      }, m]);
    }
    if (format?.type === 'number') {
      const fmt = format.check as (v: number) => string | undefined;
      checks.push((data, ctx) => {
        if (typeof data !== 'number') return true;
        const problem = fmt(data);
        if (!problem) return true;
        ctx.errors.push({ keyword: 'format', path: ctx.path.slice(), params: { format: s.format, problem }, schema: s, data });
        return false;
      });
    }
    if (numberChecks.length) {
      checks.push((data, ctx) => {
        if (typeof data !== 'number') return true;
        let ok = true;
        for (const [keyword, test, limit] of numberChecks) {
          if (!test(data)) {
            ctx.errors.push({ keyword, path: ctx.path.slice(), params: { limit }, schema: s, data });
            ok = false;
          }
        }
        return ok;
      });
    }

    // ---- objects
    const properties = isObject(s.properties) ? s.properties : undefined;
    const props = new Map<string, Check>();
    if (properties) for (const k of Object.keys(properties)) props.set(k, this.lazy(properties[k] as SchemaNode, childEnv));
    // Custom resources: the API server drops a null it may not keep (PruneNonNullableNullsWithoutDefaults)
    // and fills in the default when there is one, before it validates. Such a null is as good as absent.
    const droppedNull = mode === 'kubernetes' ? nullDropper(properties, s.additionalProperties) : undefined;
    if (embedded) {
      // apiVersion, kind and metadata of an embedded object are implied and validated like a resource's.
      if (!props.has('apiVersion')) props.set('apiVersion', this.compile({ type: 'string' }, childEnv));
      if (!props.has('kind')) props.set('kind', this.compile({ type: 'string' }, childEnv));
      if (this.options.objectMetaRef) props.set('metadata', this.compile({ type: ['object', 'null'], $ref: this.options.objectMetaRef }, childEnv));
    }
    const patterns: Array<[RegExp, Check]> = [];
    if (isObject(s.patternProperties)) {
      for (const [p, sub] of Object.entries(s.patternProperties)) {
        const re = compilePattern(p);
        if (re) patterns.push([re, this.lazy(sub as SchemaNode, childEnv)]);
        else this.ignoredPatterns.add(p);
      }
    }
    let additional: Check | false | undefined;
    let implied = false;
    if (s.additionalProperties === false) additional = false;
    else if (isObject(s.additionalProperties)) additional = this.lazy(s.additionalProperties, childEnv);
    else if (s.additionalProperties === undefined && !preserve && !env.inCombinator && !hasCombinator && patterns.length === 0) {
      // kubernetes: what the API server prunes. An embedded resource without declared fields stays open.
      if ((mode === 'typed' && properties) || (mode === 'kubernetes' && (properties || (s.type === 'object' && !embedded)))) {
        additional = false;
        implied = true;
      }
    }
    const required = Array.isArray(s.required) ? (s.required.filter((r) => typeof r === 'string') as string[]) : [];
    const propertyNames = s.propertyNames !== undefined ? this.compile(s.propertyNames as SchemaNode, branchEnv) : undefined;
    const minProps = typeof s.minProperties === 'number' ? s.minProperties : undefined;
    const maxProps = typeof s.maxProperties === 'number' ? s.maxProperties : undefined;
    const depRequired = new Map<string, string[]>();
    const depSchemas = new Map<string, Check>();
    for (const kw of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
      const deps = s[kw];
      if (!isObject(deps)) continue;
      for (const [k, v] of Object.entries(deps)) {
        if (Array.isArray(v)) depRequired.set(k, v.filter((x) => typeof x === 'string') as string[]);
        else depSchemas.set(k, this.compile(v as SchemaNode, branchEnv));
      }
    }
    const hasObjectChecks =
      props.size > 0 || patterns.length > 0 || additional !== undefined || required.length > 0 || propertyNames || minProps !== undefined ||
      maxProps !== undefined || depRequired.size > 0 || depSchemas.size > 0;
    if (hasObjectChecks) {
      const closed = additional;
      const rootFields = implied ? env.doc.rootFields : undefined;
      checks.push((data, ctx) => {
        if (!isObject(data)) return true;
        let ok = true;
        const keys = Object.keys(data);
        if (ctx.depth >= (this.options.maxDepth ?? 1000)) return depthError(s, data, ctx);
        ctx.depth++;
        for (const k of keys) {
          if (droppedNull && data[k] === null && droppedNull(k) !== 'keep') continue;
          const pc = props.get(k);
          let matched = pc !== undefined;
          ctx.path.push(k);
          if (pc && !pc(data[k], ctx)) ok = false;
          for (const [re, pcheck] of patterns) {
            if (re.test(k)) {
              matched = true;
              if (!pcheck(data[k], ctx)) ok = false;
            }
          }
          if (!matched && closed !== undefined && !(rootFields && ctx.path.length === 1 && rootFields.includes(k))) {
            if (closed === false) {
              ctx.path.pop();
              const err: SchemaError = { keyword: 'additionalProperties', path: ctx.path.slice(), params: { additionalProperty: k }, schema: s, data };
              if (implied) err.implied = true;
              ctx.errors.push(err);
              ok = false;
              ctx.path.push(k);
            } else if (!closed(data[k], ctx)) ok = false;
          }
          ctx.path.pop();
          if (propertyNames) {
            const before = ctx.errors.length;
            if (!propertyNames(k, ctx)) {
              ok = false;
              for (let i = before; i < ctx.errors.length; i++) ctx.errors[i]!.params.propertyName = k;
            }
          }
        }
        ctx.depth--;
        for (const r of required) {
          if (!hasOwn(data, r) || (droppedNull && data[r] === null && droppedNull(r) === 'drop')) {
            ctx.errors.push({ keyword: 'required', path: ctx.path.slice(), params: { missingProperty: r }, schema: s, data });
            ok = false;
          }
        }
        if (minProps !== undefined && keys.length < minProps) {
          ctx.errors.push({ keyword: 'minProperties', path: ctx.path.slice(), params: { limit: minProps }, schema: s, data });
          ok = false;
        }
        if (maxProps !== undefined && keys.length > maxProps) {
          ctx.errors.push({ keyword: 'maxProperties', path: ctx.path.slice(), params: { limit: maxProps }, schema: s, data });
          ok = false;
        }
        for (const [k, deps] of depRequired) {
          if (!hasOwn(data, k)) continue;
          for (const d of deps) {
            if (!hasOwn(data, d)) {
              ctx.errors.push({ keyword: 'required', path: ctx.path.slice(), params: { missingProperty: d, because: k }, schema: s, data });
              ok = false;
            }
          }
        }
        for (const [k, dep] of depSchemas) if (hasOwn(data, k) && !dep(data, ctx)) ok = false;
        return ok;
      });
    }

    // ---- arrays
    let itemCheck: Check | undefined;
    let tuple: Check[] | undefined;
    let extraItems: Check | false | undefined;
    if (Array.isArray(s.items)) {
      tuple = s.items.map((x) => this.lazy(x as SchemaNode, childEnv));
      if (s.additionalItems === false) extraItems = false;
      else if (s.additionalItems !== undefined) extraItems = this.lazy(s.additionalItems as SchemaNode, childEnv);
    } else if (s.items !== undefined) {
      itemCheck = this.lazy(s.items as SchemaNode, childEnv);
    }
    if (Array.isArray(s.prefixItems)) {
      tuple = s.prefixItems.map((x) => this.lazy(x as SchemaNode, childEnv));
      if (itemCheck) (extraItems = itemCheck), (itemCheck = undefined);
      else if (s.items === false) extraItems = false;
    }
    const minItems = typeof s.minItems === 'number' ? s.minItems : undefined;
    const maxItems = typeof s.maxItems === 'number' ? s.maxItems : undefined;
    const listType = s['x-kubernetes-list-type'];
    const mapKeys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
    const unique = s.uniqueItems === true || listType === 'set' || (listType === 'map' && mapKeys.length > 0);
    const contains = s.contains !== undefined ? this.compile(s.contains as SchemaNode, branchEnv) : undefined;
    if (itemCheck || tuple || minItems !== undefined || maxItems !== undefined || unique || contains) {
      checks.push((data, ctx) => {
        if (!Array.isArray(data)) return true;
        let ok = true;
        if (ctx.depth >= (this.options.maxDepth ?? 1000)) return depthError(s, data, ctx);
        ctx.depth++;
        for (let i = 0; i < data.length; i++) {
          const c = tuple && i < tuple.length ? tuple[i] : tuple ? extraItems : itemCheck;
          if (c === undefined) continue;
          ctx.path.push(i);
          if (c === false) {
            ctx.errors.push({ keyword: 'additionalItems', path: ctx.path.slice(), params: { limit: tuple!.length }, schema: s, data: data[i] });
            ok = false;
          } else if (!c(data[i], ctx)) ok = false;
          ctx.path.pop();
        }
        ctx.depth--;
        if (minItems !== undefined && data.length < minItems) {
          ctx.errors.push({ keyword: 'minItems', path: ctx.path.slice(), params: { limit: minItems }, schema: s, data });
          ok = false;
        }
        if (maxItems !== undefined && data.length > maxItems) {
          ctx.errors.push({ keyword: 'maxItems', path: ctx.path.slice(), params: { limit: maxItems }, schema: s, data });
          ok = false;
        }
        if (unique && data.length > 1) {
          const seen = new Map<string, number>();
          for (let i = 0; i < data.length; i++) {
            const item = data[i];
            let key: string;
            if (listType === 'map' && mapKeys.length > 0) {
              if (!isObject(item)) continue;
              key = canonical(mapKeys.map((k) => (hasOwn(item, k) ? item[k] : null)));
            } else key = canonical(item);
            const first = seen.get(key);
            if (first === undefined) seen.set(key, i);
            else {
              const params: Record<string, unknown> = { first, duplicate: i };
              if (listType === 'map') params.keys = mapKeys;
              ctx.errors.push({ keyword: 'uniqueItems', path: [...ctx.path, i], params, schema: s, data: item });
              ok = false;
            }
          }
        }
        if (contains && !data.some((item) => contains(item, { errors: [], path: [], depth: ctx.depth }))) {
          ctx.errors.push({ keyword: 'contains', path: ctx.path.slice(), params: {}, schema: s, data });
          ok = false;
        }
        return ok;
      });
    }

    // ---- combinators
    if (Array.isArray(s.allOf)) {
      const subs = s.allOf.map((x) => this.compile(x as SchemaNode, branchEnv));
      checks.push((data, ctx) => {
        let ok = true;
        for (const c of subs) if (!c(data, ctx)) ok = false;
        return ok;
      });
    }
    if (Array.isArray(s.anyOf)) {
      const subs = s.anyOf.map((x) => this.compile(x as SchemaNode, branchEnv));
      checks.push((data, ctx) => {
        const saved = ctx.errors;
        const branches: SchemaError[][] = [];
        for (const c of subs) {
          ctx.errors = [];
          const ok = c(data, ctx);
          const errs = ctx.errors;
          ctx.errors = saved;
          if (ok) return true;
          branches.push(errs);
        }
        saved.push({ keyword: 'anyOf', path: ctx.path.slice(), params: {}, schema: s, data, branches });
        return false;
      });
    }
    if (Array.isArray(s.oneOf)) {
      const subs = s.oneOf.map((x) => this.compile(x as SchemaNode, branchEnv));
      // kubeconform-style `oneOf: [{type: [string, null]}, {type: [integer, null]}]` matches null twice;
      // for branches that only state types, "more than one" is not an error.
      const typeOnly = s.oneOf.every((b) => isObject(b) && Object.keys(b).every((k) => k === 'type' || k === 'format' || k === 'description'));
      checks.push((data, ctx) => {
        const saved = ctx.errors;
        const branches: SchemaError[][] = [];
        const passing: number[] = [];
        subs.forEach((c, i) => {
          ctx.errors = [];
          if (c(data, ctx)) passing.push(i);
          else branches.push(ctx.errors);
        });
        ctx.errors = saved;
        if (passing.length === 1 || (passing.length > 1 && typeOnly)) return true;
        if (passing.length === 0) saved.push({ keyword: 'oneOf', path: ctx.path.slice(), params: {}, schema: s, data, branches });
        else saved.push({ keyword: 'oneOf', path: ctx.path.slice(), params: { passingSchemas: passing }, schema: s, data });
        return false;
      });
    }
    if (s.not !== undefined) {
      const sub = this.compile(s.not as SchemaNode, branchEnv);
      checks.push((data, ctx) => {
        if (!sub(data, { errors: [], path: ctx.path, depth: ctx.depth })) return true;
        ctx.errors.push({ keyword: 'not', path: ctx.path.slice(), params: {}, schema: s, data });
        return false;
      });
    }
    if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      const cond = this.compile(s.if as SchemaNode, branchEnv);
      const thenC = s.then !== undefined ? this.compile(s.then as SchemaNode, branchEnv) : undefined;
      const elseC = s.else !== undefined ? this.compile(s.else as SchemaNode, branchEnv) : undefined;
      checks.push((data, ctx) => {
        const matched = cond(data, { errors: [], path: ctx.path, depth: ctx.depth });
        const c = matched ? thenC : elseC;
        return c ? c(data, ctx) : true;
      });
    }

    const own = this.compose(s, checks, typeList, nullable);
    // ---- x-kubernetes-validations: CRD rules in CEL, judged when the value has the node's type
    // (a rule whose evaluation fails on a broken child is not judged: see cel-rules.ts)
    const rules = celRulesOf(s);
    if (!rules) return own;
    return (data, ctx) => {
      let ok = own(data, ctx);
      if (data === null && nullable) return ok;
      if (typeList && !typeList.some((t) => typeMatches(t, data))) return false;
      for (const failure of rules(data)) {
        ctx.errors.push({ keyword: 'x-kubernetes-validations', path: [...ctx.path, ...failure.fieldPath], params: { message: failure.message, rule: failure.rule }, schema: s, data });
        ok = false;
      }
      return ok;
    };
  }

  /** The node's checks together, after its type test. */
  private compose(s: Record<string, unknown>, list: Check[], typeList: string[] | undefined, nullable: boolean): Check {
    const n = list.length;
    if (!typeList) {
      if (n === 0) return TRUE_CHECK;
      return (data, ctx) => {
        if (data === null && nullable) return true;
        let ok = true;
        for (let i = 0; i < n; i++) if (!list[i]!(data, ctx)) ok = false;
        return ok;
      };
    }
    const single = typeList.length === 1 ? typeList[0]! : undefined;
    return (data, ctx) => {
      if (data === null && nullable) return true;
      if (single !== undefined ? !typeMatches(single, data) : !typeList.some((t) => typeMatches(t, data))) {
        ctx.errors.push({ keyword: 'type', path: ctx.path.slice(), params: { type: typeList }, schema: s, data });
        return false; // the other keywords would only repeat the type problem
      }
      let ok = true;
      for (let i = 0; i < n; i++) if (!list[i]!(data, ctx)) ok = false;
      return ok;
    };
  }
}

/**
 * For a field whose value is null: 'keep' (nullable, validated as null), 'default' (the API server sets the
 * default), 'drop' (removed). Unknown fields are 'keep': they are reported as unknown.
 */
function nullDropper(properties: Record<string, unknown> | undefined, additional: unknown): (key: string) => 'keep' | 'default' | 'drop' {
  const fate = (sub: unknown): 'keep' | 'default' | 'drop' => {
    if (!isObject(sub)) return 'keep';
    if (sub.nullable === true) return 'keep';
    return sub.default !== undefined && sub.default !== null ? 'default' : 'drop';
  };
  const mapFate = isObject(additional) ? fate(additional) : 'keep';
  return (key) => (properties && hasOwn(properties, key) ? fate(properties[key]) : mapFate);
}

function cacheKey(env: Env): string {
  return `${env.doc.uri}|${env.inCombinator ? 1 : 0}`;
}

function depthError(s: Record<string, unknown>, data: unknown, ctx: Ctx): boolean {
  ctx.errors.push({ keyword: 'maxDepth', path: ctx.path.slice(), params: { limit: ctx.depth }, schema: s, data });
  return false;
}

export function stripFragment(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

export function fragmentOf(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? '' : uri.slice(i + 1);
}

/** Resolves a `$ref` against the URI of the document it appears in. */
export function resolveUri(base: string, ref: string): string {
  if (ref.startsWith('#')) return ref;
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

export { jsonType };
