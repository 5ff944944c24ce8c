import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { isRecord } from './kustomization-file.js';

/** The identity fields a Kustomize patch target selects on. */
export interface TargetableObject {
  apiVersion: string;
  kind: string;
  /** The rendered name and the name in the source file (patches are written against the latter). */
  names: string[];
  namespace?: string;
  labels: Record<string, unknown>;
  annotations: Record<string, unknown>;
}

/**
 * Whether a Kustomize `target` selects the object: kind, group and version by equality, name
 * and namespace as anchored regular expressions (as Kustomize reads them), and equality-based
 * label and annotation selectors.
 */
export function targetMatches(target: Record<string, unknown>, object: TargetableObject): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/', 2) : ['', object.apiVersion];
  if (typeof target['kind'] === 'string' && target['kind'] !== object.kind) return false;
  if (typeof target['group'] === 'string' && target['group'] !== group) return false;
  if (typeof target['version'] === 'string' && target['version'] !== version) return false;
  if (typeof target['name'] === 'string' && !object.names.some((n) => regexMatches(target['name'] as string, n))) return false;
  if (typeof target['namespace'] === 'string' && !regexMatches(target['namespace'], object.namespace ?? '')) return false;
  if (typeof target['labelSelector'] === 'string' && !selectorMatches(target['labelSelector'], object.labels)) return false;
  if (typeof target['annotationSelector'] === 'string' && !selectorMatches(target['annotationSelector'], object.annotations)) return false;
  return true;
}

/** A strategic-merge patch without a target applies to the object it names. */
export function patchNamesObject(patch: Record<string, unknown>, object: TargetableObject): boolean {
  const metadata = isRecord(patch['metadata']) ? patch['metadata'] : {};
  if (patch['kind'] !== object.kind) return false;
  return typeof metadata['name'] === 'string' && object.names.includes(metadata['name']);
}

// Loaded on first use: most runs never match a patch target by regular expression.
let RE2: typeof RE2JS | undefined;
const re2 = (): typeof RE2JS => (RE2 ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS);
const compiled = new Map<string, RE2JS | undefined>();

/** Kustomize's anchored Go regexp, matched in linear time (a pull request's pattern must not hang the gate). */
function regexMatches(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (pattern.length > 500) return false;
  if (!compiled.has(pattern)) {
    if (compiled.size > 1000) compiled.clear();
    let re: RE2JS | undefined;
    try {
      re = re2().compile(`^(?:${pattern})$`);
    } catch {
      re = undefined;
    }
    compiled.set(pattern, re);
  }
  return compiled.get(pattern)?.matches(value) ?? false;
}

function selectorMatches(selector: string, values: Record<string, unknown>): boolean {
  for (const term of selector.split(',').map((t) => t.trim()).filter(Boolean)) {
    const m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) {
      // `key` (exists) or `!key`; set-based selectors are not evaluated and count as a match.
      if (/^!?[\w./-]+$/.test(term)) {
        const present = term.startsWith('!') ? !(term.slice(1) in values) : term in values;
        if (!present) return false;
      }
      continue;
    }
    const actual = values[m[1]!];
    const equal = actual === m[3]!.trim();
    if (m[2] === '!=' ? equal : !equal) return false;
  }
  return true;
}
