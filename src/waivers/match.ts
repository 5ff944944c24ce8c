import type { Finding, ResourceRef } from '../model/index.js';
import { fileMatcher, matchesGlob, matchesPointer } from './glob.js';
import type { Waiver } from './types.js';

const fileMatchers = new WeakMap<Waiver, (file: string) => boolean>();

/**
 * True when the waiver covers the finding: the rule glob matches, and every selector the waiver
 * sets matches too. A selector on the resource never matches a finding without a resource.
 * Kinds compare without case (`deployment` is a common spelling); names and namespaces exactly.
 * A manifest without metadata.namespace has namespace "" (matched by `*` or `""`).
 */
export function waiverCovers(waiver: Waiver, finding: Finding): boolean {
  if (!matchesGlob(waiver.rule, finding.ruleId)) return false;
  if (waiver.scope) {
    if (finding.file !== waiver.scope.file || !finding.resource || !sameResource(finding.resource, waiver.scope.resource)) return false;
  }
  if (waiver.kind !== undefined || waiver.namespace !== undefined || waiver.name !== undefined) {
    const r = finding.resource;
    if (!r) return false;
    if (waiver.kind !== undefined && !matchesGlob(waiver.kind, r.kind, true)) return false;
    if (waiver.namespace !== undefined && !matchesGlob(waiver.namespace, r.namespace ?? '')) return false;
    if (waiver.name !== undefined && !matchesGlob(waiver.name, r.name)) return false;
  }
  if (waiver.files !== undefined) {
    let matcher = fileMatchers.get(waiver);
    if (!matcher) {
      matcher = fileMatcher(waiver.files);
      fileMatchers.set(waiver, matcher);
    }
    if (!matcher(finding.file)) return false;
  }
  if (waiver.pointer !== undefined) {
    if (finding.pointer === undefined || !matchesPointer(waiver.pointer, finding.pointer)) return false;
  }
  return true;
}

function sameResource(a: ResourceRef, b: ResourceRef): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}
