import { joinPointer, type Finding, type Resource } from '../../model/index.js';
import { resourceFinding } from './finding.js';
import { isRecord, valueAt } from './json-access.js';
import { labelValue, qualifiedName } from './name-formats.js';
import { RULE_INVALID_LABEL } from './rules.js';

type SelectorShape = 'label-selector' | 'map';

/** Where built-in kinds keep label selectors, whose keys and values the API server checks like labels. */
const SELECTORS: ReadonlyMap<string, ReadonlyArray<{ path: readonly string[]; shape: SelectorShape }>> = new Map([
  ['/Service', [{ path: ['spec', 'selector'], shape: 'map' }]],
  ['/ReplicationController', [{ path: ['spec', 'selector'], shape: 'map' }]],
  ['apps/Deployment', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['apps/ReplicaSet', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['apps/DaemonSet', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['apps/StatefulSet', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['batch/Job', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['batch/CronJob', [{ path: ['spec', 'jobTemplate', 'spec', 'selector'], shape: 'label-selector' }]],
  ['policy/PodDisruptionBudget', [{ path: ['spec', 'selector'], shape: 'label-selector' }]],
  ['networking.k8s.io/NetworkPolicy', [{ path: ['spec', 'podSelector'], shape: 'label-selector' }]],
]);

export function checkSelectors(resource: Resource, group: string, kind: string): Finding[] {
  const findings: Finding[] = [];
  for (const { path, shape } of SELECTORS.get(`${group}/${kind}`) ?? []) {
    const selector = valueAt(resource.object, path);
    if (!isRecord(selector)) continue;
    if (shape === 'map') {
      findings.push(...checkLabelMap(resource, selector, path));
      continue;
    }
    const matchLabels = selector['matchLabels'];
    if (isRecord(matchLabels)) findings.push(...checkLabelMap(resource, matchLabels, [...path, 'matchLabels']));
    const expressions = selector['matchExpressions'];
    if (!Array.isArray(expressions)) continue;
    expressions.forEach((expression, index) => {
      if (!isRecord(expression)) return;
      const base = [...path, 'matchExpressions', String(index)];
      const key = expression['key'];
      if (typeof key === 'string') {
        const problems = qualifiedName(key);
        if (problems.length > 0) findings.push(selectorFinding(resource, [...base, 'key'], `selector key ${JSON.stringify(key)} ${problems.join('; ')}`));
      }
      const values = expression['values'];
      if (!Array.isArray(values)) return;
      values.forEach((value, valueIndex) => {
        if (typeof value !== 'string') return;
        const problems = labelValue(value);
        if (problems.length > 0) {
          findings.push(selectorFinding(resource, [...base, 'values', String(valueIndex)], `selector value ${JSON.stringify(value)} ${problems.join('; ')}`));
        }
      });
    });
  }
  return findings;
}

function checkLabelMap(resource: Resource, labels: Record<string, unknown>, path: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const key of Object.keys(labels)) {
    const value = labels[key];
    const parts: string[] = [];
    const keyProblems = qualifiedName(key);
    if (keyProblems.length > 0) parts.push(`key ${JSON.stringify(key)} ${keyProblems.join('; ')}`);
    const valueProblems = typeof value === 'string' ? labelValue(value) : [];
    if (valueProblems.length > 0) parts.push(`value ${JSON.stringify(value)} ${valueProblems.join('; ')}`);
    if (parts.length > 0) findings.push(selectorFinding(resource, [...path, key], `selector label ${JSON.stringify(key)}: ${parts.join('; ')}`));
  }
  return findings;
}

function selectorFinding(resource: Resource, path: readonly string[], detail: string): Finding {
  return resourceFinding(resource, {
    ruleId: RULE_INVALID_LABEL,
    severity: 'high',
    message: `${path.join('.')} is not valid: ${detail}`,
    pointer: joinPointer(...path),
  });
}
