import { NEEDS_REPOSITORY_TAG, type Resource } from '../../../model/index.js';
import type { Policy, ResourceIndex, Violation } from '../../ts/index.js';
import { isObj, obj, replicasOf, specOf, REPLICATED_KINDS, type Obj } from './pod.js';
import { resourcePractice, workloadPractice } from './rule.js';
import { describeNamespace, labelSelectorMatches, matchLabels, workloadsInNamespace } from './selectors.js';

const PDB_HELP = 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/';

/** Autoscalers of the run that target `resource` (HorizontalPodAutoscaler, KEDA ScaledObject). */
function autoscalersOf(index: ResourceIndex, resource: Resource): Resource[] {
  return [...index.inNamespace('HorizontalPodAutoscaler', resource.namespace), ...index.inNamespace('ScaledObject', resource.namespace)].filter((a) => {
    const ref = obj(obj(a.object['spec'])?.['scaleTargetRef']);
    const kind = ref?.['kind'] ?? (a.kind === 'ScaledObject' ? 'Deployment' : undefined);
    return kind === resource.kind && ref?.['name'] === resource.name;
  });
}

/** The smallest replica count a workload runs with: spec.replicas, or an autoscaler's minimum. */
function minimumReplicas(index: ResourceIndex, resource: Resource): number | undefined {
  const scalers = autoscalersOf(index, resource);
  if (scalers.length > 0) {
    const mins = scalers.map((a) => obj(a.object['spec'])?.['minReplicas'] ?? obj(a.object['spec'])?.['minReplicaCount'] ?? 1);
    return Math.min(...mins.map((m) => (typeof m === 'number' ? m : 1)));
  }
  return replicasOf(resource);
}

function templateLabels(resource: Resource): Obj {
  return obj(obj(obj(obj(resource.object['spec'])?.['template'])?.['metadata'])?.['labels']) ?? {};
}

function pdbsFor(index: ResourceIndex, resource: Resource): Resource[] {
  const labels = templateLabels(resource);
  return index.inNamespace('PodDisruptionBudget', resource.namespace).filter((p) => {
    const selector = obj(obj(p.object['spec'])?.['selector']);
    return selector !== undefined && Object.keys(selector).length > 0 && labelSelectorMatches(selector, labels);
  });
}

export const availabilityPolicies: Policy[] = [
  resourcePractice('single-replica', {
    title: 'Deployments run more than one replica',
    severity: 'low',
    description: 'A Deployment with one replica (spec.replicas: 1 or unset) is down during every rollout, node drain and crash. Deployments scaled by a HorizontalPodAutoscaler or KEDA ScaledObject of the run are judged by its minimum; replicas: 0 is taken as intended.',
    remediation: 'Set spec.replicas to 2 or more (or an autoscaler minReplicas of 2 or more) for services that must stay up.',
    helpUri: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['Deployment'], function* (t, ctx) {
    const min = minimumReplicas(ctx.resources, t.resource);
    if (min !== 1) return;
    const explicit = obj(t.object['spec'])?.['replicas'] !== undefined;
    yield {
      message: explicit || autoscalersOf(ctx.resources, t.resource).length > 0 ? 'Deployment runs a single replica' : 'Deployment sets no spec.replicas, so it runs a single replica',
      path: ['spec', 'replicas'],
    };
  }),
  resourcePractice('pdb-missing', {
    title: 'Multi-replica workloads have a PodDisruptionBudget',
    severity: 'low',
    description: 'A Deployment or StatefulSet with more than one replica needs a PodDisruptionBudget whose selector matches its pod labels, or a node drain may evict every replica at once. Only PodDisruptionBudgets in the run count.',
    remediation: 'Add a PodDisruptionBudget (minAvailable or maxUnavailable) whose selector matches the pod template labels.',
    helpUri: PDB_HELP,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['Deployment', 'StatefulSet'], function* (t, ctx) {
    const min = minimumReplicas(ctx.resources, t.resource);
    if (min === undefined || min <= 1 || pdbsFor(ctx.resources, t.resource).length > 0) return;
    yield { message: `${t.resource.kind} runs ${min} replicas but no PodDisruptionBudget of the run selects its pods`, path: ['spec', 'replicas'] };
  }),
  resourcePractice('pdb-blocks-eviction', {
    title: 'PodDisruptionBudgets allow at least one disruption',
    severity: 'medium',
    description: 'maxUnavailable: 0, minAvailable: 100%, or a minAvailable at or above the replica count of the selected workload (when it is in the run) allows no voluntary eviction: node drains and cluster upgrades hang.',
    remediation: 'Allow at least one pod to be unavailable (maxUnavailable: 1, or a minAvailable below the replica count).',
    helpUri: PDB_HELP,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['PodDisruptionBudget'], function* (t, ctx): Iterable<Violation> {
    const spec = obj(t.object['spec']) ?? {};
    const max = spec['maxUnavailable'];
    const min = spec['minAvailable'];
    if (max === 0 || max === '0' || max === '0%') {
      yield { message: 'PodDisruptionBudget sets maxUnavailable: 0, so no pod can ever be evicted', path: ['spec', 'maxUnavailable'] };
      return;
    }
    if (min === '100%') {
      yield { message: 'PodDisruptionBudget sets minAvailable: 100%, so no pod can ever be evicted', path: ['spec', 'minAvailable'] };
      return;
    }
    const selector = obj(spec['selector']);
    if (typeof min !== 'number' || !selector) return;
    for (const kind of REPLICATED_KINDS) {
      for (const w of ctx.resources.inNamespace(kind, t.resource.namespace)) {
        const replicas = minimumReplicas(ctx.resources, w);
        if (replicas === undefined || replicas === 0) continue;
        if (labelSelectorMatches(selector, templateLabels(w)) && min >= replicas) {
          yield { message: `PodDisruptionBudget minAvailable ${min} is at or above the ${replicas} replicas of ${w.kind} ${w.name}: no pod can be evicted`, path: ['spec', 'minAvailable'] };
          return;
        }
      }
    }
  }),
  workloadPractice('topology-spread-missing', {
    title: 'Multi-replica workloads spread their pods',
    severity: 'info',
    description: 'Replicas of a Deployment or StatefulSet with more than one replica should be spread across nodes or zones with topologySpreadConstraints or pod anti-affinity, or one node failure can take them all.',
    remediation: 'Add spec.template.spec.topologySpreadConstraints (topologyKey kubernetes.io/hostname or topology.kubernetes.io/zone) or a podAntiAffinity rule.',
    helpUri: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, function* (t, ctx) {
    if (t.resource.kind !== 'Deployment' && t.resource.kind !== 'StatefulSet') return;
    const min = minimumReplicas(ctx.resources, t.resource);
    if (min === undefined || min <= 1) return;
    const spec = specOf(t);
    const spread = spec['topologySpreadConstraints'];
    if ((Array.isArray(spread) && spread.length > 0) || isObj(obj(spec['affinity'])?.['podAntiAffinity'])) return;
    yield { message: `${t.resource.kind} runs ${min} replicas with neither topologySpreadConstraints nor podAntiAffinity`, path: ['topologySpreadConstraints'] };
  }),
  resourcePractice('hpa-dangling-target', {
    title: 'HorizontalPodAutoscalers target a workload of the run',
    severity: 'medium',
    description: 'An autoscaler whose scaleTargetRef names no object scales nothing. Checked only when the run has workloads in the autoscaler\'s namespace (otherwise the target may be rendered elsewhere).',
    remediation: 'Fix scaleTargetRef (kind and name) to name the workload.',
    helpUri: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['HorizontalPodAutoscaler'], function* (t, ctx) {
    const ref = obj(obj(t.object['spec'])?.['scaleTargetRef']);
    const kind = ref?.['kind'];
    const name = ref?.['name'];
    if (typeof kind !== 'string' || typeof name !== 'string') return;
    if (workloadsInNamespace(ctx.resources, t.resource.namespace).length === 0) return;
    if (ctx.resources.get(kind, t.resource.namespace, name)) return;
    yield { message: `scaleTargetRef ${kind} ${JSON.stringify(name)} is not defined in ${describeNamespace(t.resource.namespace)}`, path: ['spec', 'scaleTargetRef', 'name'] };
  }),
  resourcePractice('selector-mismatch', {
    title: 'Controller selectors match their pod template labels',
    severity: 'high',
    description: 'The selector of a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController must match its pod template labels; the API server rejects the object otherwise (or, for ReplicationControllers, it adopts other pods).',
    remediation: 'Make spec.selector and spec.template.metadata.labels agree.',
    helpUri: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector',
    tags: ['reliability'],
  }, [...REPLICATED_KINDS, 'DaemonSet'], function* (t) {
    const selector = obj(obj(t.object['spec'])?.['selector']);
    if (!selector || Object.keys(selector).length === 0) return;
    const labels = templateLabels(t.resource);
    if (t.resource.kind === 'ReplicationController') {
      if (!matchLabels(selector, labels)) yield { message: 'spec.selector does not match spec.template.metadata.labels', path: ['spec', 'selector'] };
      return;
    }
    const matchLabelsMap = obj(selector['matchLabels']) ?? {};
    for (const [k, v] of Object.entries(matchLabelsMap)) {
      if (String(labels[k]) !== String(v) || !Object.prototype.hasOwnProperty.call(labels, k)) {
        yield { message: `selector label ${k}=${String(v)} is not among the pod template labels`, path: ['spec', 'selector', 'matchLabels', k] };
      }
    }
    if (labelSelectorMatches({ matchExpressions: selector['matchExpressions'] }, labels)) return;
    yield { message: 'spec.selector.matchExpressions do not match the pod template labels', path: ['spec', 'selector', 'matchExpressions'] };
  }),
];
