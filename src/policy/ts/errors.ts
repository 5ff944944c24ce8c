import path from 'node:path';
import { describeResource, fingerprintOf, toResourceRef, type Finding, type Resource, type Rule } from '../../model/index.js';
import { safeLocate } from './locate.js';
import { parseStack, type StackFrame } from './stack.js';
import type { Policy } from './types.js';

export const POLICY_ERROR_RULE: Rule = Object.freeze({
  id: 'policy/error',
  title: 'A policy failed while checking a resource',
  severity: 'high',
  description:
    'A policy threw an error (or returned something that is not a list of violations) while checking a resource, so the resource was not fully checked by that policy.',
  remediation:
    'Read the error and the policy file and line in the message; fix the policy (guard against missing or mistyped fields), or report a bug if it is a built-in policy.',
  helpUri: 'https://github.com/syncgate/syncgate/blob/main/docs/policies.md#policy-errors',
  tags: ['policy'],
});

/** The frame of `error` inside the policy's source file, else the first frame. */
export function policyFrame(error: unknown, policy: Policy): StackFrame | undefined {
  const frames = parseStack(error instanceof Error ? error.stack : undefined);
  return frames.find((f) => f.file === policy.source) ?? frames[0];
}

function display(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

/** A `policy/error` finding on `resource` for an error thrown by `policy`. */
export function policyErrorFinding(policy: Policy, resource: Resource, error: unknown): Finding {
  const frame = policyFrame(error, policy);
  const where = frame ? `${display(frame.file)}:${frame.line}:${frame.column}` : display(policy.source);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const ref = toResourceRef(resource);
  return {
    ruleId: POLICY_ERROR_RULE.id,
    severity: POLICY_ERROR_RULE.severity,
    message: `Policy ${policy.rule.id} (${where}) failed on ${describeResource(resource)}: ${reason}`,
    resource: ref,
    file: resource.source.file,
    range: safeLocate(resource, ''),
    fingerprint: fingerprintOf({ ruleId: POLICY_ERROR_RULE.id, file: resource.source.file, resource: ref, detail: policy.rule.id }),
    properties: {
      policy: policy.rule.id,
      policyFile: display(policy.source),
      ...(frame ? { errorFile: display(frame.file), errorLine: frame.line, errorColumn: frame.column } : {}),
      error: reason,
    },
  };
}
