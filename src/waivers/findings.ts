import { fingerprintOf, type Finding, type Severity } from '../model/index.js';
import { WAIVER_RULES } from './rules.js';
import type { WaiverOrigin } from './types.js';

const SEVERITY = new Map<string, Severity>(WAIVER_RULES.map((r) => [r.id, r.severity]));

/**
 * A finding about a waiver, pointing at where the waiver is written. The fingerprint uses the
 * waiver's identity (file, resource, label, rule), not its line, so it survives edits around it.
 */
export function waiverFinding(ruleId: string, origin: WaiverOrigin, message: string, identity: string, extra: Partial<Finding> = {}): Finding {
  const finding: Finding = {
    ruleId,
    severity: SEVERITY.get(ruleId) ?? 'info',
    message,
    file: origin.file,
    range: origin.range,
    fingerprint: fingerprintOf({
      ruleId,
      file: origin.file,
      ...(origin.resource ? { resource: origin.resource } : {}),
      // A config waiver is known by what it says, not by its index in the list (which moves).
      detail: origin.kind === 'config' ? identity : `${origin.label}|${identity}`,
    }),
    ...extra,
  };
  if (origin.resource) finding.resource = origin.resource;
  if (origin.pointer !== undefined) finding.pointer = origin.pointer;
  return finding;
}
