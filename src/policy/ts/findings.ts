import {
  fingerprintOf,
  joinPointer,
  nearestExisting,
  toResourceRef,
  type Finding,
  type Rule,
} from '../../model/index.js';
import { safeLocate } from './locate.js';
import type { Target, TargetPath, Violation } from './types.js';

/** Turns a path relative to the target into a JSON pointer relative to the resource object. */
export function resolvePointer(target: Target, path: TargetPath | undefined): string {
  if (path === undefined) return target.pointer;
  if (typeof path === 'string') {
    if (path === '' || path === '/') return target.pointer;
    return target.pointer + (path.startsWith('/') ? path : '/' + path);
  }
  return target.pointer + joinPointer(...path);
}


/** Builds the finding for one violation of `rule` in `resource`. */
export function violationToFinding(rule: Rule, target: Target, violation: Violation): Finding {
  const resource = target.resource;
  const wanted = violation.pointer ?? resolvePointer(target, violation.path);
  const pointer = nearestExisting(resource.object, wanted);
  const ref = toResourceRef(resource);
  const finding: Finding = {
    ruleId: rule.id,
    severity: violation.severity ?? rule.severity,
    message: violation.message,
    resource: ref,
    file: resource.source.file,
    range: safeLocate(resource, pointer),
    pointer,
    // Built from the field the violation is about (even when missing), so adding a parent object
    // without fixing the field keeps the fingerprint.
    fingerprint: fingerprintOf({ ruleId: rule.id, file: resource.source.file, resource: ref, pointer: wanted }),
  };
  const properties = { ...(violation.properties ?? {}) };
  if (wanted !== pointer) properties['missingPointer'] = wanted;
  if (Object.keys(properties).length > 0) finding.properties = properties;
  return finding;
}
