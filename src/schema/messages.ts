/** Turns engine errors into findings a platform engineer can act on: one finding per problem. */
import { fingerprintOf, joinPointer, toResourceRef, type Finding, type Resource, type Severity } from '../model/index.js';
import type { PathToken, SchemaError } from './engine.js';
import { RULE_INVALID_TYPE, RULE_INVALID_VALUE, RULE_REQUIRED_FIELD, RULE_UNKNOWN_FIELD } from './rules.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.template.spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`. */
export function displayPath(path: readonly PathToken[]): string {
  let out = '';
  for (const t of path) {
    if (typeof t === 'number') out += `[${t}]`;
    else if (IDENT.test(t)) out += out === '' ? t : `.${t}`;
    else out += `[${JSON.stringify(t)}]`;
  }
  return out;
}

function where(path: readonly PathToken[]): string {
  return path.length === 0 ? 'at the top level' : `in ${displayPath(path)}`;
}

function subject(path: readonly PathToken[]): string {
  return path.length === 0 ? '(top level)' : displayPath(path);
}

function truncate(s: string, max = 60): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** `"asd"`, `42`, `true`, `null`, `a list`, `a map`. */
function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(truncate(v));
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

/** `string "asd"`, `integer 5`, `number 1.5`, `boolean true`, `null`, `array`, `object`. */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(truncate(v))}`;
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'integer' : 'number'} ${v}`;
  if (typeof v === 'boolean') return `boolean ${v}`;
  return typeof v;
}

function typeNames(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).map(String);
  const shown = list.length > 1 ? list.filter((t) => t !== 'null') : list;
  const names = [...new Set(shown)];
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function quoteList(values: readonly unknown[], max = 8): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  return shown.join(', ') + (values.length > max ? `, … (${values.length} values)` : '');
}

/** Optimal-string-alignment distance (a transposition counts as one edit). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d[i] = [i];
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known field closest to `name`, if it is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const score = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (score < bestScore) (best = c), (bestScore = score);
  }
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  return bestScore <= limit ? best : undefined;
}

function samePath(a: readonly PathToken[], b: readonly PathToken[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * anyOf/oneOf errors carry the errors of every branch. Reduce them to the errors of one problem:
 * - every branch rejects the value's type: one type error naming all allowed types;
 * - every branch misses a required field: one error naming the alternatives;
 * - otherwise the branch the value got furthest into (deepest errors, then fewest) explains it best.
 */
function collapse(err: SchemaError): SchemaError[] {
  if ((err.keyword !== 'anyOf' && err.keyword !== 'oneOf') || !err.branches || err.branches.length === 0) return [err];
  const branches = err.branches.map((b) => b.flatMap(collapse));
  if (branches.some((b) => b.length === 0)) return [err];
  if (branches.every((b) => b.length === 1 && b[0]!.keyword === 'type' && samePath(b[0]!.path, err.path))) {
    const types = branches.flatMap((b) => b[0]!.params.type as string[]);
    return [{ ...err, keyword: 'type', params: { type: [...new Set(types)] }, branches: undefined }];
  }
  if (branches.every((b) => b.every((e) => e.keyword === 'required' && samePath(e.path, err.path)))) {
    const names = branches.map((b) => b.map((e) => String(e.params.missingProperty)).join('" and "'));
    return [{ ...err, keyword: 'required', params: { missingProperty: names[0], alternatives: [...new Set(names)] }, branches: undefined }];
  }
  const score = (b: SchemaError[]): number => {
    if (b.every((e) => e.keyword === 'type' && samePath(e.path, err.path))) return -1; // wrong shape altogether
    return Math.max(...b.map((e) => e.path.length));
  };
  let best = branches[0]!;
  for (const b of branches.slice(1)) {
    const sb = score(b);
    const sbest = score(best);
    if (sb > sbest || (sb === sbest && b.length < best.length)) best = b;
  }
  if (score(best) <= err.path.length && best.every((e) => samePath(e.path, err.path) && e.keyword !== 'required')) {
    return [{ ...err, branches: undefined, params: { ...err.params, noMatch: true } }];
  }
  return best;
}

interface Described {
  ruleId: string;
  pointerPath: PathToken[];
  message: string;
  severity: Severity;
  /** The message without its leading `path: ` (to join several problems of one field). */
  detail: string;
  /** required-field: the missing field, when the message is about exactly one. */
  missing?: string;
}

function describe(e: SchemaError, strict: boolean): Described | undefined {
  const p = e.path;
  const s = e.schema as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = typeof s === 'object' && s.properties && typeof s.properties === 'object' ? Object.keys(s.properties) : [];
      if (typeof s === 'object' && s['x-kubernetes-embedded-resource'] === true) known.push('apiVersion', 'kind', 'metadata');
      const present = e.data && typeof e.data === 'object' ? new Set(Object.keys(e.data)) : new Set<string>();
      // Prefer a field that is not set yet (a misspelt required field); else any close one.
      const hint = suggest(key, known.filter((k) => !present.has(k))) ?? suggest(key, known);
      let message = `unknown field ${JSON.stringify(key)} ${where(p)}`;
      if (hint) message += ` (did you mean ${JSON.stringify(hint)}?)`;
      else if (known.length === 0 && typeof s === 'object' && s.patternProperties === undefined) message += ' (the schema declares no fields there)';
      return { ruleId: RULE_UNKNOWN_FIELD, pointerPath: [...p, key], message, detail: message, severity: strict ? 'high' : 'low' };
    }
    case 'required': {
      const alternatives = e.params.alternatives as string[] | undefined;
      let message: string;
      if (alternatives && alternatives.length > 1) message = `missing required field ${where(p)}: set one of ${alternatives.map((a) => `"${a}"`).join(', ')}`;
      else message = `missing required field ${JSON.stringify(String(e.params.missingProperty))} ${where(p)}`;
      const single = !(alternatives && alternatives.length > 1) && typeof e.params.because !== 'string';
      if (typeof e.params.because === 'string') message += ` (required when ${JSON.stringify(e.params.because)} is set)`;
      const d: Described = { ruleId: RULE_REQUIRED_FIELD, pointerPath: p, message, detail: message, severity: 'high' };
      if (single) d.missing = String(e.params.missingProperty);
      return d;
    }
    case 'type':
      return located(RULE_INVALID_TYPE, p, p, `expected ${typeNames(e.params.type)}, got ${describeValue(e.data)}`);
    case 'false':
      return located(RULE_INVALID_VALUE, p, p, 'no value is allowed here');
    case 'maxDepth':
      return located(RULE_INVALID_VALUE, p, p, `nested more than ${e.params.limit} levels deep; not validated further`);
  }
  let text: string;
  let pointerPath = p;
  const v = showValue(e.data);
  switch (e.keyword) {
    case 'enum':
      text = `${v} is not one of ${quoteList(e.params.allowedValues as unknown[])}`;
      break;
    case 'const':
      text = `must be ${JSON.stringify(e.params.allowedValue)}, got ${v}`;
      break;
    case 'format':
      text = `${v} ${String(e.params.problem)}`;
      break;
    case 'pattern':
      text = `${v} does not match the pattern ${String(e.params.pattern)}`;
      break;
    case 'minLength':
      text = `must be at least ${e.params.limit} characters long, got ${e.params.actual}`;
      break;
    case 'maxLength':
      text = `must be at most ${e.params.limit} characters long, got ${e.params.actual}`;
      break;
    case 'minimum':
      text = `${v} is less than the minimum ${e.params.limit}`;
      break;
    case 'maximum':
      text = `${v} is greater than the maximum ${e.params.limit}`;
      break;
    case 'exclusiveMinimum':
      text = `${v} must be greater than ${e.params.limit}`;
      break;
    case 'exclusiveMaximum':
      text = `${v} must be less than ${e.params.limit}`;
      break;
    case 'multipleOf':
      text = `${v} is not a multiple of ${e.params.limit}`;
      break;
    case 'minItems':
      text = `must have at least ${e.params.limit} item${e.params.limit === 1 ? '' : 's'}, got ${Array.isArray(e.data) ? e.data.length : 0}`;
      break;
    case 'maxItems':
      text = `must have at most ${e.params.limit} item${e.params.limit === 1 ? '' : 's'}, got ${Array.isArray(e.data) ? e.data.length : 0}`;
      break;
    case 'minProperties':
      text = `must have at least ${e.params.limit} field${e.params.limit === 1 ? '' : 's'}`;
      break;
    case 'maxProperties':
      text = `must have at most ${e.params.limit} field${e.params.limit === 1 ? '' : 's'}`;
      break;
    case 'uniqueItems': {
      const keys = e.params.keys as string[] | undefined;
      text = keys
        ? `duplicate entry: ${keys.map((k) => `${k} ${showValue((e.data as Record<string, unknown>)?.[k])}`).join(', ')} is already used by item ${e.params.first}`
        : `duplicate item (same as item ${e.params.first})`;
      break;
    }
    case 'contains':
      text = 'must contain at least one item matching the schema';
      break;
    case 'additionalItems':
      text = `too many items (at most ${e.params.limit})`;
      pointerPath = p;
      break;
    case 'not':
      text = `${v} is not allowed here`;
      break;
    case 'x-kubernetes-validations':
      text = `${String(e.params.message)} (validation rule of the CRD)`;
      break;
    case 'anyOf':
    case 'oneOf':
      text = e.params.passingSchemas ? 'matches more than one of the allowed forms' : `${v} does not match any of the allowed forms`;
      break;
    default:
      text = `fails the schema keyword ${JSON.stringify(e.keyword)}`;
  }
  if (typeof e.params.propertyName === 'string') {
    pointerPath = [...p, e.params.propertyName];
    text = `field name ${JSON.stringify(e.params.propertyName)}: ${text}`;
  }
  return located(RULE_INVALID_VALUE, p, pointerPath, text);
}

function located(ruleId: string, path: PathToken[], pointerPath: PathToken[], detail: string): Described {
  return { ruleId, pointerPath, message: `${subject(path)}: ${detail}`, detail, severity: 'high' };
}

/** True for values SOPS encrypted (`ENC[AES256_GCM,data:…]`): they are decrypted before they reach the cluster. */
function sopsEncrypted(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('ENC[') && v.endsWith(']');
}

function isSopsResource(resource: Resource): boolean {
  const sops = resource.object.sops;
  return typeof sops === 'object' && sops !== null && !Array.isArray(sops);
}

/**
 * Findings for a resource's errors. Problems at the same pointer under the same rule become one finding
 * (one fingerprint): several missing fields of one object, or a value breaking several constraints.
 */
export function findingsFor(errors: readonly SchemaError[], resource: Resource, strict: boolean): Finding[] {
  if (errors.length === 0) return [];
  const sops = isSopsResource(resource);
  const groups = new Map<string, Described[]>();
  for (const raw of errors) {
    for (const e of collapse(raw)) {
      if (sops && (sopsEncrypted(e.data) || (e.keyword === 'additionalProperties' && e.path.length === 0 && e.params.additionalProperty === 'sops'))) continue;
      const d = describe(e, strict);
      if (!d) continue;
      const key = `${d.ruleId}\0${joinPointer(...d.pointerPath)}`;
      const group = groups.get(key);
      if (!group) groups.set(key, [d]);
      else if (!group.some((g) => g.message === d.message)) group.push(d);
    }
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    let message = first.message;
    if (group.length > 1) {
      const missing = group.map((g) => g.missing);
      if (first.ruleId === RULE_REQUIRED_FIELD && missing.every((m) => m !== undefined)) {
        const names = missing.map((m) => JSON.stringify(m));
        message = `missing required fields ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} ${where(first.pointerPath)}`;
      } else {
        message = [first.message, ...group.slice(1).map((g) => g.detail)].join('; ');
      }
    }
    out.push(makeFinding(resource, first.ruleId, first.severity, message, joinPointer(...first.pointerPath)));
  }
  return out;
}

export function makeFinding(resource: Resource, ruleId: string, severity: Severity, message: string, pointer: string, help?: string): Finding {
  const file = resource.source.file;
  const ref = toResourceRef(resource);
  const finding: Finding = {
    ruleId,
    severity,
    message,
    resource: ref,
    file,
    range: resource.locate(pointer),
    pointer,
    fingerprint: fingerprintOf({ ruleId, file, resource: ref, pointer }),
  };
  if (help !== undefined) finding.help = help;
  return finding;
}
