import { fingerprintOf, toResourceRef, type Finding, type Resource, type Severity } from '../../model/index.js';

export interface FindingInput {
  ruleId: string;
  severity: Severity;
  message: string;
  pointer: string;
  help?: string;
  properties?: Record<string, unknown>;
}

/** Builds a finding about one field of a resource, located and fingerprinted the same way for every check here. */
export function resourceFinding(resource: Resource, input: FindingInput): Finding {
  const file = resource.source.file;
  const ref = toResourceRef(resource);
  const finding: Finding = {
    ruleId: input.ruleId,
    severity: input.severity,
    message: input.message,
    resource: ref,
    file,
    range: resource.locate(input.pointer),
    pointer: input.pointer,
    fingerprint: fingerprintOf({ ruleId: input.ruleId, file, resource: ref, pointer: input.pointer }),
  };
  if (input.help !== undefined) finding.help = input.help;
  if (input.properties !== undefined) finding.properties = input.properties;
  return finding;
}
