import { describe, expect, it } from 'vitest';
import { BEST_PRACTICE_POLICIES, createPolicySet } from '../../../src/policy/index.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';
import { cronJob, deployment, object, run, yamlOf } from './harness.js';

const CRON_POD = '/spec/jobTemplate/spec/template/spec';

describe('pod-spec rules follow the pod template of each workload kind', () => {
  it('report a CronJob container at its jobTemplate path and a Deployment container at its template path', () => {
    const bad = { container: { image: 'app', securityContext: { readOnlyRootFilesystem: false } } };
    for (const id of ['k8s/image-latest-tag', 'k8s/read-only-root-filesystem']) {
      const field = id === 'k8s/image-latest-tag' ? 'image' : 'securityContext/readOnlyRootFilesystem';
      expect(run(id, [cronJob(bad)]).map((f) => f.pointer)).toEqual([`${CRON_POD}/containers/0/${field}`]);
      expect(run(id, [deployment(bad)]).map((f) => f.pointer)).toEqual([`/spec/template/spec/containers/0/${field}`]);
    }
  });

  it('do not ask Jobs and CronJobs for probes, but do ask Pods and StatefulSets', () => {
    const noProbe = { container: { livenessProbe: undefined, readinessProbe: undefined } };
    expect(run('k8s/liveness-probe-missing', [cronJob(noProbe)])).toEqual([]);
    const sts = { ...deployment(noProbe), kind: 'StatefulSet' };
    expect(run('k8s/liveness-probe-missing', [sts]).map((f) => f.resource?.kind)).toEqual(['StatefulSet']);
    const pod = object('v1', 'Pod', 'p', { spec: { containers: [{ name: 'c', image: 'c:1' }] } });
    expect(run('k8s/readiness-probe-missing', [pod]).map((f) => f.pointer)).toEqual(['/spec/containers/0']);
  });

  it('report a pod-level runAsUser: 0 once, at the pod securityContext, for every container that inherits it', () => {
    const two = deployment({ pod: { securityContext: { runAsUser: 0 }, containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } });
    expect(run('k8s/run-as-root-user', [two]).map((f) => f.pointer)).toEqual(['/spec/template/spec/securityContext/runAsUser']);
  });

  it('never look at pod fields of objects that have no pod template (no Service, ConfigMap or CRD noise)', () => {
    const others = [
      object('v1', 'Service', 'web', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }),
      object('v1', 'ConfigMap', 'cfg', { data: { image: 'nginx:latest' } }),
      object('example.com/v1', 'Widget', 'w', { spec: { template: { spec: { containers: [{ name: 'x', image: 'x' }] } } } }),
    ];
    const findings = createPolicySet(BEST_PRACTICE_POLICIES).run(resourcesFromYaml(yamlOf(others)));
    expect(findings.map((f) => f.ruleId)).toEqual([]);
  });

  it('find nothing at all to say about a hardened Deployment with its companions', () => {
    const companions = [
      object('v1', 'ServiceAccount', 'web', { automountServiceAccountToken: false }),
      object('v1', 'Service', 'web', { spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } }),
      object('policy/v1', 'PodDisruptionBudget', 'web', { spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } }),
      object('networking.k8s.io/v1', 'NetworkPolicy', 'web', { spec: { podSelector: { matchLabels: { app: 'web' } } } }),
    ];
    const findings = createPolicySet(BEST_PRACTICE_POLICIES).run(resourcesFromYaml(yamlOf([deployment(), ...companions])));
    expect(findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([]);
  });
});
