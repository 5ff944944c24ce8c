import { fingerprintOf, toResourceRef, type Finding, type Range, type Resource, type Rule } from '../../model/index.js';
import { locateSafely as safeLocate } from './locate.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';

export const GATEKEEPER_UNSUPPORTED_RULE: Rule = Object.freeze({
  id: 'gatekeeper/unsupported',
  title: 'A Gatekeeper template uses something syncgate does not evaluate yet',
  severity: 'info',
  description: 'The ConstraintTemplate uses something syncgate does not evaluate yet (a Kubernetes CEL library function such as url() or ip() in K8sNativeValidation code), so its constraints are not checked.',
  remediation: 'Add a Rego target (spec.targets[].rego) to the template, or rely on the cluster admission for this policy.',
  helpUri: 'https://open-policy-agent.github.io/gatekeeper/website/docs/validating-admission-policy',
  tags: ['gatekeeper'],
});

export const GATEKEEPER_PARAMETERS_RULE: Rule = Object.freeze({
  id: 'gatekeeper/invalid-parameters',
  title: "A constraint's parameters do not match its template's schema",
  severity: 'high',
  description: "Gatekeeper validates spec.parameters of a constraint against the template's spec.crd.spec.validation.openAPIV3Schema and rejects constraints that do not match; syncgate does not run such a constraint.",
  remediation: "Fix the constraint's spec.parameters to follow the template's parameter schema.",
  helpUri: 'https://open-policy-agent.github.io/gatekeeper/website/docs/howto',
  tags: ['gatekeeper'],
});

/** A finding on a resource at a pointer (or an exact line/col inside it). */
export function findingOn(resource: Resource, rule: Rule, pointer: string, message: string, extra: { at?: { line: number; col: number }; properties?: Record<string, unknown>; detail?: string } = {}): Finding {
  const ref = toResourceRef(resource);
  const range: Range = extra.at ? { startLine: extra.at.line, startColumn: extra.at.col, endLine: extra.at.line, endColumn: extra.at.col } : safeLocate(resource, pointer);
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    resource: ref,
    file: resource.source.file,
    range,
    pointer,
    fingerprint: fingerprintOf({ ruleId: rule.id, file: resource.source.file, resource: ref, ...(extra.detail !== undefined ? { detail: extra.detail } : { pointer }) }),
    ...(extra.properties ? { properties: extra.properties } : {}),
  };
}

/** A policy/error finding on a template or constraint (the message tells the fingerprint apart). */
export function policyErrorOn(resource: Resource, pointer: string, message: string, at?: { line: number; col: number }): Finding {
  return findingOn(resource, POLICY_ERROR_RULE, pointer, message, { ...(at ? { at } : {}), detail: `${pointer} ${message}` });
}
