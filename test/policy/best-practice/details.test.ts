import { describe, expect, it } from 'vitest';
import { looksSecret, parseImage } from '../../../src/policy/builtin/best-practice/index.js';
import { deployment, object, run } from './harness.js';

describe('best-practice details', () => {
  it('parse image references with registry ports, tags and digests', () => {
    expect(parseImage('registry:5000/team/app')).toEqual({ repository: 'registry:5000/team/app' });
    expect(parseImage('registry:5000/team/app:1.2')).toEqual({ repository: 'registry:5000/team/app', tag: '1.2' });
    expect(parseImage('app@sha256:abc')).toEqual({ repository: 'app', digest: 'sha256:abc' });
    expect(parseImage('app:1@sha256:abc')).toEqual({ repository: 'app', tag: '1', digest: 'sha256:abc' });
  });

  it('recognise secret-like variable names by their last word', () => {
    for (const name of ['DB_PASSWORD', 'password', 'GITHUB_TOKEN', 'client-secret', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'smtp.passwd']) expect(looksSecret(name), name).toBe(true);
    for (const name of ['PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_NAME', 'KEY', 'MONKEY', 'LOG_LEVEL', 'TOKENIZER']) expect(looksSecret(name), name).toBe(false);
  });

  it('check Ingress default backends in both API versions', () => {
    const svc = object('v1', 'Service', 'web', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const v1 = object('networking.k8s.io/v1', 'Ingress', 'a', { spec: { defaultBackend: { service: { name: 'gone', port: { number: 80 } } } } });
    const beta = object('extensions/v1beta1', 'Ingress', 'b', { spec: { backend: { serviceName: 'gone', servicePort: 80 } } });
    expect(run('k8s/ingress-dangling-backend', [svc, v1, beta]).map((f) => f.pointer)).toEqual(['/spec/defaultBackend/service/name', '/spec/backend/serviceName']);
  });

  it('count pod templates of custom workloads (Argo Rollouts) for Service selectors', () => {
    const rollout = object('argoproj.io/v1alpha1', 'Rollout', 'api', { spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } } } });
    const svc = object('v1', 'Service', 'api', { spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } });
    expect(run('k8s/dangling-service', [deployment(), rollout, svc])).toEqual([]);
  });

  it('match selector expressions against template labels', () => {
    const ok = deployment({ spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } } });
    const bad = deployment({ spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } } });
    expect(run('k8s/selector-mismatch', [ok])).toEqual([]);
    expect(run('k8s/selector-mismatch', [bad]).map((f) => f.pointer)).toEqual(['/spec/selector/matchExpressions']);
  });

  it('judge replicas of autoscaled Deployments by the autoscaler minimum', () => {
    const hpa = (min: number) => object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: 5 } });
    const scaled = deployment({ spec: { replicas: undefined } });
    expect(run('k8s/single-replica', [scaled, hpa(1)]).map((f) => f.message)).toEqual(['Deployment runs a single replica']);
    expect(run('k8s/pdb-missing', [scaled, hpa(3)]).map((f) => f.message)).toEqual(['Deployment runs 3 replicas but no PodDisruptionBudget of the run selects its pods']);
  });

  it('report the network policy gap once per namespace', () => {
    const other = deployment({ metadata: { name: 'api', namespace: 'billing' } });
    const second = deployment({ metadata: { name: 'web2' } });
    expect(run('k8s/network-policy-missing', [deployment(), second, other]).map((f) => f.resource?.name)).toEqual(['web', 'api']);
  });
});
