import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Finding, Resource, Rule } from '../../model/index.js';
import { POLICY_ERROR_RULE, policyErrorFinding } from './errors.js';
import { violationToFinding } from './findings.js';
import { createResourceIndex } from './resource-index.js';
import type {
  Policy,
  PolicyContext,
  PolicySet,
  PolicySetRunOptions,
  ResourceIndex,
  Target,
  Violation,
} from './types.js';
import { podTemplateOf } from './workloads.js';

const EMPTY_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

/** Compiles a list of policies once; `run` applies each to the resources it matches. */
export function createPolicySet(policies: readonly Policy[]): PolicySet {
  const list = Object.freeze([...policies]);
  const rules = new Map<string, Rule>();
  for (const p of list) if (!rules.has(p.rule.id)) rules.set(p.rule.id, p.rule);
  rules.set(POLICY_ERROR_RULE.id, POLICY_ERROR_RULE);
  return {
    policies: list,
    rules: Object.freeze([...rules.values()]),
    run(resources, options = {}) {
      const index = createResourceIndex(resources);
      const findings: Finding[] = [];
      const contexts = list.map((policy) => contextFor(policy, index, options));
      // Resource by resource (not policy by policy), so the findings of one file are located
      // together while its positions are cached.
      for (const resource of resources) {
        for (let i = 0; i < list.length; i++) {
          const policy = list[i]!;
          const target = targetFor(policy, resource);
          if (target) applyPolicy(policy, target, contexts[i]!, findings);
        }
      }
      return findings;
    },
  };
}

function contextFor(policy: Policy, resources: ResourceIndex, options: PolicySetRunOptions): PolicyContext {
  const ctx: PolicyContext = { resources, options: options.ruleOptions?.[policy.rule.id] ?? EMPTY_OPTIONS };
  if (options.kubernetesVersion !== undefined) ctx.kubernetesVersion = options.kubernetesVersion;
  if (options.pssVersion !== undefined) ctx.pssVersion = options.pssVersion;
  if (options.repository !== undefined) ctx.repository = options.repository;
  return ctx;
}

/** The target a policy sees in a resource, or undefined when the policy does not apply to it. */
export function targetFor(policy: Policy, resource: Resource): Target | undefined {
  if (policy.kinds === 'workloads') {
    const template = podTemplateOf(resource);
    if (!template) return undefined;
    return {
      type: 'workload',
      resource,
      // Unvalidated user data behind the kubernetes-types view (documented on WorkloadTarget).
      podSpec: template.spec as unknown as PodSpec,
      podMetadata: template.metadata as ObjectMeta,
      pointer: template.specPointer,
      metadataPointer: template.metadataPointer,
    };
  }
  if (!policy.kinds.includes(resource.kind)) return undefined;
  return { type: 'resource', resource, object: resource.object, pointer: '' };
}

function applyPolicy(policy: Policy, target: Target, ctx: PolicyContext, out: Finding[]): void {
  try {
    // The definition's overloads guarantee the check matches the target type.
    const result = (policy.check as (t: Target, c: PolicyContext) => unknown)(target, ctx);
    if (result === undefined || result === null) return;
    if (typeof (result as Iterable<unknown>)[Symbol.iterator] !== 'function' || typeof result === 'string') {
      throw new TypeError(`check must return or yield violations, got ${describeValue(result)}`);
    }
    for (const v of result as Iterable<unknown>) out.push(violationToFinding(policy.rule, target, checkViolation(v)));
  } catch (error) {
    out.push(policyErrorFinding(policy, target.resource, error));
  }
}

function checkViolation(value: unknown): Violation {
  if (typeof value !== 'object' || value === null || typeof (value as Violation).message !== 'string') {
    throw new TypeError(`a violation must be an object with a string \`message\`, got ${describeValue(value)}`);
  }
  return value as Violation;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
