import { compileValidations, evaluateValidations, toCel, type CelProgram } from '../../cel/index.js';
import type { Finding, Resource, Rule, Severity } from '../../model/index.js';
import { builtInNamespaced } from '../../schema/apiserver/index.js';
import { asRecord as record, findingOn, policyErrorOn, selectorMatches } from '../gatekeeper/index.js';
import { groupOf, labelsOf, pluralOf, resourcesMatch, type VapTarget } from './match.js';

/*
 * Kubernetes ValidatingAdmissionPolicies (admissionregistration.k8s.io) and their bindings,
 * found among the checked files and the policy directories, judge the run's manifests as the API
 * server would on CREATE: the policy's matchConstraints and the binding's matchResources select
 * objects, paramRef picks parameter objects of the run, and each failed validation is a finding
 * `vap/<policy>/<binding>` whose severity follows the binding's validationActions
 * (Deny high, Warn medium, Audit info).
 */

export const VAP_GROUP = 'admissionregistration.k8s.io';

export const VAP_UNSUPPORTED_RULE: Rule = Object.freeze({
  id: 'vap/unsupported',
  title: 'A ValidatingAdmissionPolicy uses something syncgate does not evaluate yet',
  severity: 'info',
  description: 'The policy calls a Kubernetes CEL library function syncgate does not provide (url(), ip(), authorizer...), so its bindings are not checked offline; the API server still enforces it.',
  remediation: 'Nothing to do in the repository; the cluster enforces the policy at admission.',
  helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
  tags: ['vap'],
});

export function isAdmissionPolicyObject(r: Pick<Resource, 'apiVersion' | 'kind'>): boolean {
  return groupOf(r.apiVersion) === VAP_GROUP && (r.kind === 'ValidatingAdmissionPolicy' || r.kind === 'ValidatingAdmissionPolicyBinding');
}

interface LoadedPolicy {
  resource: Resource;
  name: string;
  program?: CelProgram;
  match: unknown;
  paramKind?: { apiVersion: string; kind: string };
  failClosed: boolean;
}

interface LoadedBinding {
  resource: Resource;
  policy: LoadedPolicy;
  rule: Rule;
  match: unknown;
  paramRef?: Record<string, unknown>;
}

export interface AdmissionPolicySet {
  rules: Rule[];
  loadFindings: Finding[];
  run(resources: readonly Resource[]): Finding[];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const ACTION_SEVERITY: Record<string, Severity> = { Deny: 'high', Warn: 'medium', Audit: 'info' };
const SEVERITY_RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

/** Compiles every policy once and pairs bindings with them. Never throws. */
export function loadAdmissionPolicies(resources: readonly Resource[]): AdmissionPolicySet {
  const loadFindings: Finding[] = [];
  const policies = new Map<string, LoadedPolicy>();
  for (const r of resources) {
    if (!isAdmissionPolicyObject(r) || r.kind !== 'ValidatingAdmissionPolicy') continue;
    const spec = record(r.object['spec']) ?? {};
    const compiled = compileValidations(spec, '/spec');
    for (const p of compiled.problems) {
      loadFindings.push(
        p.unsupported
          ? findingOn(r, VAP_UNSUPPORTED_RULE, p.pointer, `ValidatingAdmissionPolicy ${r.name} ${p.message}, so its bindings are not checked`, { detail: p.message })
          : policyErrorOn(r, p.pointer, `ValidatingAdmissionPolicy ${r.name}: ${p.message}`),
      );
    }
    const paramKind = record(spec['paramKind']);
    const apiVersion = text(paramKind?.['apiVersion']);
    const kind = text(paramKind?.['kind']);
    policies.set(r.name, {
      resource: r,
      name: r.name,
      ...(compiled.program ? { program: compiled.program } : {}),
      match: spec['matchConstraints'],
      ...(apiVersion && kind ? { paramKind: { apiVersion, kind } } : {}),
      failClosed: spec['failurePolicy'] !== 'Ignore',
    });
  }
  const bindings: LoadedBinding[] = [];
  for (const r of resources) {
    if (!isAdmissionPolicyObject(r) || r.kind !== 'ValidatingAdmissionPolicyBinding') continue;
    const spec = record(r.object['spec']) ?? {};
    const policyName = text(spec['policyName']);
    const policy = policyName ? policies.get(policyName) : undefined;
    if (!policy) {
      loadFindings.push(policyErrorOn(r, '/spec/policyName', `no ValidatingAdmissionPolicy named ${JSON.stringify(policyName ?? '')} is defined; binding ${r.name} checks nothing`));
      continue;
    }
    if (!policy.program) continue;
    const actions = Array.isArray(spec['validationActions']) ? spec['validationActions'].filter((a): a is string => typeof a === 'string') : [];
    const severity = actions.map((a) => ACTION_SEVERITY[a]).filter((s): s is Severity => s !== undefined).sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a])[0] ?? 'high';
    const description = text(record(record(policy.resource.object['metadata'])?.['annotations'])?.['description']);
    bindings.push({
      resource: r,
      policy,
      match: spec['matchResources'],
      ...(record(spec['paramRef']) ? { paramRef: record(spec['paramRef'])! } : {}),
      rule: Object.freeze({
        id: `vap/${policy.name}/${r.name}`,
        title: `ValidatingAdmissionPolicy ${policy.name} (binding ${r.name})`,
        severity,
        description: description ?? `The cluster's ValidatingAdmissionPolicy ${policy.name}, bound by ${r.name} with validationActions ${actions.join(', ') || 'Deny'}, rejects or flags objects that fail its validations.`,
        remediation: 'Change the object so that the policy\'s validations hold (the message says which), or change the policy or its binding.',
        helpUri: 'https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/',
        tags: ['vap'],
      }),
    });
  }

  const run = (all: readonly Resource[]): Finding[] => {
    const crdPlurals = new Map<string, string>();
    const namespaceLabels = new Map<string, Record<string, string>>();
    for (const r of all) {
      if (r.kind === 'CustomResourceDefinition') {
        const spec = record(r.object['spec']);
        const names = record(spec?.['names']);
        if (text(spec?.['group']) && text(names?.['kind']) && text(names?.['plural'])) crdPlurals.set(`${String(spec!['group'])}/${String(names!['kind'])}`, String(names!['plural']));
      }
      if (r.kind === 'Namespace' && groupOf(r.apiVersion) === '') namespaceLabels.set(r.name, labelsOf(r.object));
    }
    const out: Finding[] = [];
    for (const r of all) {
      if (isAdmissionPolicyObject(r)) continue;
      const target: VapTarget = {
        resource: r,
        plural: pluralOf(r.kind, crdPlurals, groupOf(r.apiVersion)),
        namespaced: Boolean(r.namespace) || builtInNamespaced(groupOf(r.apiVersion), r.kind) !== false,
        namespaceLabels: (r.namespace ? namespaceLabels.get(r.namespace) : undefined) ?? {},
      };
      for (const b of bindings) {
        if (!resourcesMatch(b.policy.match, target, true) || !resourcesMatch(b.match, target, false)) continue;
        out.push(...judge(b, r, all));
      }
    }
    return out;
  };
  return { rules: [VAP_UNSUPPORTED_RULE, ...bindings.map((b) => b.rule)], loadFindings, run };
}

/** One binding on one object: once per parameter object (or once without parameters). */
function judge(b: LoadedBinding, r: Resource, all: readonly Resource[]): Finding[] {
  const params = paramsFor(b, r, all);
  if (params === 'missing') {
    return [findingOn(r, b.rule, '', `no parameter object for ValidatingAdmissionPolicy ${b.policy.name} (binding ${b.resource.name} denies when it is missing)`, { detail: 'params-missing' })];
  }
  const object = toCel(r.object);
  const request = toCel({ operation: 'CREATE', kind: { group: groupOf(r.apiVersion), version: r.apiVersion.split('/').pop(), kind: r.kind }, name: r.name, namespace: r.namespace ?? '', userInfo: {}, dryRun: false });
  const out: Finding[] = [];
  for (const p of params) {
    const outcome = evaluateValidations(b.policy.program!, { object, oldObject: null, request, params: p === undefined ? null : toCel(p.object), namespaceObject: null, authorizer: null });
    if ('error' in outcome) {
      if (b.policy.failClosed && !outcome.missingField) out.push(policyErrorOn(r, '', `ValidatingAdmissionPolicy ${b.policy.name}: ${outcome.error} (failurePolicy Fail: the API server rejects the object)`));
      continue;
    }
    for (const message of outcome.violations) out.push(findingOn(r, b.rule, '', message, { detail: `${message}${p ? ` ${p.name}` : ''}`, properties: { policy: b.policy.name, binding: b.resource.name, policyFile: b.policy.resource.source.file, ...(p ? { params: `${p.kind}/${p.name}` } : {}) } }));
  }
  return out;
}

/**
 * The parameter objects a binding's paramRef selects for `r`: by name, or by label selector;
 * in paramRef.namespace, else in the object's namespace for namespaced parameter kinds.
 * `[undefined]` when the policy takes no parameters.
 */
function paramsFor(b: LoadedBinding, r: Resource, all: readonly Resource[]): Array<Resource | undefined> | 'missing' {
  const kind = b.policy.paramKind;
  if (!kind) return [undefined];
  const ref = b.paramRef ?? {};
  const namespace = text(ref['namespace']) ?? r.namespace;
  const candidates = all.filter((p) => p.apiVersion === kind.apiVersion && p.kind === kind.kind && (!p.namespace || !namespace || p.namespace === namespace));
  const name = text(ref['name']);
  const selected = name ? candidates.filter((p) => p.name === name) : ref['selector'] !== undefined ? candidates.filter((p) => selectorMatches(ref['selector'], labelsOf(p.object))) : [];
  if (selected.length > 0) return selected;
  return ref['parameterNotFoundAction'] === 'Deny' ? 'missing' : [];
}
