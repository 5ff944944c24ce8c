import { createHash } from 'node:crypto';
import type { Range } from './position.js';
import type { ResourceRef } from './resource.js';
import type { Severity } from './severity.js';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  resource?: ResourceRef;
  /** Repository-relative path with forward slashes (or `<stdin>`). */
  file: string;
  range: Range;
  /** JSON pointer of the offending field inside the resource object, when there is one. */
  pointer?: string;
  /** Stable across unrelated edits (line moves); changes when the finding changes. See `fingerprintOf`. */
  fingerprint: string;
  /** Extra help for this occurrence (the rule's remediation is in the Rule). */
  help?: string;
  /** Extra data a policy attached (conftest message objects, Gatekeeper details). */
  properties?: Record<string, unknown>;
  /** Set by the waiver stage when a waiver covers this finding. */
  waiver?: { reason: string; owner?: string; expires?: string; source: string };
}

export interface FingerprintParts {
  ruleId: string;
  file: string;
  resource?: ResourceRef;
  pointer?: string;
  /** Only used when there is no pointer (e.g. a YAML syntax error): the text that identifies the problem. */
  detail?: string;
}

/**
 * A fingerprint built from what the finding is about, never from where it sits:
 * rule, file, the object's identity and the field pointer. Moving lines keeps it;
 * renaming the object, the field or the rule changes it.
 */
export function fingerprintOf(parts: FingerprintParts): string {
  const r = parts.resource;
  const identity = r ? `${r.apiVersion}|${r.kind}|${r.namespace ?? ''}|${r.name}` : '';
  const what = parts.pointer ?? normaliseDetail(parts.detail ?? '');
  return createHash('sha256').update(`${parts.ruleId}\0${parts.file}\0${identity}\0${what}`).digest('hex').slice(0, 32);
}

/** Strips line/column numbers from a message so that fingerprints survive line moves. */
function normaliseDetail(detail: string): string {
  return detail.replace(/\b(line|column|col)\s*\d+/gi, '$1').replace(/:\d+:\d+/g, '');
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.range.startLine !== b.range.startLine) return a.range.startLine - b.range.startLine;
  if (a.range.startColumn !== b.range.startColumn) return a.range.startColumn - b.range.startColumn;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}
