/**
 * Compiled RE2 patterns (Go regexp syntax, linear-time matching) through re2js,
 * with a bounded LRU cache: policies call regex.match with the same pattern for
 * every resource, so each pattern is compiled once.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { BuiltinError } from './registry.js';

// loaded on first use: importing re2js costs ~30 ms, which policies without regexes should not pay
let RE2: typeof RE2JS | undefined;
const re2 = (): typeof RE2JS => (RE2 ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS);

const MAX_CACHED = 1000;
const cache = new Map<string, RE2JS | BuiltinError>();

/** Compile (or fetch) a pattern; throws BuiltinError with Go's parse message when invalid. */
export function compileRegex(pattern: string): RE2JS {
  let hit = cache.get(pattern);
  if (hit !== undefined) {
    // refresh recency
    cache.delete(pattern);
    cache.set(pattern, hit);
  } else {
    try {
      hit = re2().compile(pattern);
    } catch (e) {
      hit = new BuiltinError(e instanceof Error ? e.message : String(e));
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(pattern, hit);
  }
  if (hit instanceof BuiltinError) throw hit;
  return hit;
}

/** Whether the pattern parses as Go regexp syntax. */
export function isValidRegex(pattern: string): boolean {
  try {
    compileRegex(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Go's Regexp.FindAllStringSubmatchIndex(s, n): flat [start, end, g1s, g1e, ...] per match, -1 when unset. */
export function findAllSubmatchIndex(re: RE2JS, s: string, n: number): number[][] {
  if (n === 0) return [];
  return (re.re2().findAllSubmatchIndex(s, n < 0 ? -1 : n) as number[][] | null) ?? [];
}

/** Go's Regexp.Expand for a template ($1, ${1}, $name, ${name}, $$). */
export function expandTemplate(re: RE2JS, template: string, s: string, match: number[]): string {
  const names = re.namedGroups() as Record<string, number>;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    if (template[i] === '{') {
      const close = template.indexOf('}', i);
      const inner = close > 0 ? template.slice(i + 1, close) : '';
      if (close > 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        i = close + 1;
      }
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i));
      if (m) {
        name = m[0];
        i += m[0].length;
      }
    }
    if (name === undefined) {
      // malformed: the '$' is kept literally
      out += '$';
      continue;
    }
    let group = -1;
    if (/^\d+$/.test(name)) group = Number(name);
    else if (names && name in names) group = names[name]!;
    if (group >= 0 && 2 * group + 1 < match.length && match[2 * group]! >= 0) {
      out += s.slice(match[2 * group]!, match[2 * group + 1]!);
    }
  }
  return out;
}
