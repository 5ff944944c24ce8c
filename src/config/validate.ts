import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { joinPointer, splitPointer } from '../model/index.js';
import type { ConfigProblem } from './errors.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { YamlSource } from './yaml-source.js';

let compiled: ValidateFunction | undefined;

/**
 * Compiled once per process (ajv's "compile once, run many"). ajv is required lazily: importing
 * it costs ~100 ms, which a run without a config file should not pay.
 */
function validator(): ValidateFunction {
  if (!compiled) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    compiled = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(CONFIG_SCHEMA);
  }
  return compiled;
}

/** Validates parsed config data; returns problems with the file position of each offending key. */
export function validateConfigData(source: YamlSource, file: string): ConfigProblem[] {
  const validate = validator();
  if (validate(source.data)) return [];
  const errors = selectErrors(validate.errors ?? []);
  const problems = errors.map((e) => {
    const pointer = errorPointer(e);
    const range = source.locate(pointer);
    return { file, line: range.startLine, column: range.startColumn, message: describe(e, pointer) };
  });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return dedupe(problems);
}

/** Where the error is: the unknown key itself for `additionalProperties`, else the value's path. */
function errorPointer(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return e.instancePath + joinPointer(String(e.params['additionalProperty']));
  if (e.keyword === 'propertyNames' || (e.propertyName !== undefined && e.keyword === 'pattern')) {
    return e.instancePath + joinPointer(String(e.propertyName ?? e.params['propertyName'] ?? ''));
  }
  return e.instancePath;
}

/**
 * ajv reports every failed branch of an `anyOf`. Keep the deepest, most specific ones: when a
 * value fails inside one branch (an unknown key in `{ severity, options }`), report that; when it
 * matches no branch at all, report the `anyOf` with its description.
 */
function selectErrors(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const at = e.instancePath;
    const deeper = errors.some((o) => o !== e && errorPointer(o).startsWith(at + '/') && o.keyword !== 'anyOf');
    for (const o of errors) {
      const inside = o.instancePath === at || o.instancePath.startsWith(at + '/');
      if (o === e || !inside || !o.schemaPath.startsWith(e.schemaPath.replace(/\/anyOf$/, '/anyOf/'))) continue;
      if (!deeper || errorPointer(o) === at) dropped.add(o);
    }
    if (deeper) dropped.add(e);
  }
  // propertyNames reports the pattern failure and then itself; keep the one with the name.
  return errors.filter((e) => !dropped.has(e) && !(e.keyword === 'propertyNames'));
}

function describe(e: ErrorObject, pointer: string): string {
  const where = pathLabel(e.keyword === 'additionalProperties' ? e.instancePath : pointer);
  const expected = (e.parentSchema as { description?: string } | undefined)?.description;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params['additionalProperty']);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      const hint = closest(key, allowed);
      return `unknown key "${key}"${where ? ` in ${where}` : ''}; expected one of: ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'type':
      return `${where || 'the file'} must be ${article(String(e.params['type']))}, got ${kindOf(e.data)}${yamlBooleanHint(e)}`;
    case 'enum':
      return `${where} must be one of ${(e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${show(e.data)}`;
    case 'pattern':
      if (e.propertyName !== undefined) return `invalid key "${e.propertyName}"${expected ? `: expected ${expected}` : ''}`;
      return `${where} has an invalid value ${show(e.data)}; expected ${expected ?? `a value matching ${String(e.params['pattern'])}`}`;
    case 'anyOf':
      return `${where} has an invalid value ${show(e.data)}; expected ${expected ?? 'another value'}`;
    case 'minLength':
      return `${where} must not be empty`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/** YAML 1.2 reads `yes`/`no`/`on`/`off` as text; say so when a boolean was meant. */
function yamlBooleanHint(e: ErrorObject): string {
  return e.params['type'] === 'boolean' && typeof e.data === 'string' && /^(yes|no|on|off|y|n)$/i.test(e.data) ? ' (write true or false)' : '';
}

/** `waivers[2].reason`, `rules.pss/privileged.severity`. */
function pathLabel(pointer: string): string {
  let label = '';
  for (const token of splitPointer(pointer)) label += /^\d+$/.test(token) ? `[${token}]` : label ? `.${token}` : token;
  return label;
}

function article(type: string): string {
  return type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${show(value)}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The allowed word nearest to a typo, when it is close enough to be a likely intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
