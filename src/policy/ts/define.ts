import { fileURLToPath } from 'node:url';
import { isSeverity } from '../../model/index.js';
import { callerFile } from './stack.js';
import type { Policy, PolicyDefinition, ResourcePolicyDefinition, WorkloadPolicyDefinition } from './types.js';

const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * Declares a policy. `kinds: 'workloads'` makes `check` receive the pod spec of every kind that
 * carries a pod template; a list of kinds makes it receive the whole resource.
 */
export function definePolicy(definition: WorkloadPolicyDefinition): Policy;
export function definePolicy(definition: ResourcePolicyDefinition): Policy;
export function definePolicy(definition: PolicyDefinition): Policy {
  if (!definition || typeof definition.check !== 'function') {
    throw new TypeError('definePolicy: `check` must be a function');
  }
  if (!definition.rule || typeof definition.rule.id !== 'string' || definition.rule.id === '') {
    throw new TypeError('definePolicy: `rule.id` must be a non-empty string');
  }
  if (!isSeverity(definition.rule.severity)) {
    throw new TypeError(`definePolicy(${definition.rule.id}): rule.severity must be one of critical, high, medium, low, info`);
  }
  if (definition.kinds !== 'workloads' && !Array.isArray(definition.kinds)) {
    throw new TypeError(`definePolicy(${definition.rule.id}): \`kinds\` must be 'workloads' or a list of kinds`);
  }
  const source = definition.source ?? callerFile(THIS_FILE) ?? '<unknown>';
  const kinds = definition.kinds === 'workloads' ? 'workloads' : Object.freeze([...definition.kinds]);
  const policy = { ...definition, kinds, source };
  Object.defineProperty(policy, POLICY_BRAND, { value: true });
  return Object.freeze(policy) as Policy;
}

const POLICY_BRAND = Symbol.for('syncgate.policy');

/** True for objects made by `definePolicy` (in this or another copy of the module). */
export function isPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[POLICY_BRAND] === true;
}
