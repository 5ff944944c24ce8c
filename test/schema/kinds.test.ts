import { describe, expect, it } from 'vitest';
import { deployment, makeResource, pointerOf, validator } from './helpers.js';

const rc = (apiVersion = 'v1') => makeResource({ apiVersion, kind: 'ReplicationController', metadata: { name: 'bob' }, spec: { replicas: 1, template: {} } }, 'rc.yaml', 2);

describe('--skip', () => {
  it('skips by Kind, with a reason', async () => {
    const v = await validator({ skipKinds: ['ReplicationController'] });
    const r = v.validate(rc());
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual({
      file: 'rc.yaml',
      docIndex: 2,
      kind: 'skipped-kind',
      reason: 'ReplicationController (v1) skipped by "ReplicationController"',
      resource: { apiVersion: 'v1', kind: 'ReplicationController', name: 'bob' },
    });
  });

  it('skips by apiVersion/Kind only for that apiVersion', async () => {
    const v = await validator({ skipKinds: ['v2/ReplicationController', 'apps/v1/Deployment'] });
    expect(v.validate(rc()).skipped).toBeUndefined();
    expect(v.validate(makeResource(deployment())).skipped?.kind).toBe('skipped-kind');
    const core = await validator({ skipKinds: ['v1/ReplicationController'] });
    expect(core.validate(rc()).skipped?.kind).toBe('skipped-kind');
  });

  it('accepts comma-separated lists like kubeconform', async () => {
    const v = await validator({ skipKinds: ['Secret, ReplicationController'] });
    expect(v.validate(rc()).skipped?.kind).toBe('skipped-kind');
  });

  it('skips kinds that have no schema without calling them missing', async () => {
    const v = await validator({ skipKinds: ['SkipThisKind'] });
    const r = v.validate(makeResource({ apiVersion: 'v1', kind: 'SkipThisKind', metadata: { name: 'x' } }));
    expect(r.skipped?.kind).toBe('skipped-kind');
  });
});

describe('--reject', () => {
  it('reports a rejected kind on its kind field', async () => {
    const v = await validator({ rejectKinds: ['ReplicationController'] });
    const { findings, skipped } = v.validate(rc());
    expect(skipped).toBeUndefined();
    expect(findings.map((f) => [f.ruleId, f.severity, f.pointer, f.message])).toEqual([
      ['schema/rejected-kind', 'high', '/kind', 'kind ReplicationController (v1) is not allowed here (rejected by "ReplicationController")'],
    ]);
    expect(pointerOf(findings[0]!.range)).toBe('/kind');
  });

  it('matches apiVersion/Kind exactly and wins over --skip', async () => {
    const v = await validator({ rejectKinds: ['v2/ReplicationController'] });
    expect(v.validate(rc()).findings).toEqual([]);
    expect(v.validate(rc('v2')).findings.map((f) => f.ruleId)).toEqual(['schema/rejected-kind']);
    const both = await validator({ rejectKinds: ['ReplicationController'], skipKinds: ['ReplicationController'] });
    expect(both.validate(rc()).findings.map((f) => f.ruleId)).toEqual(['schema/rejected-kind']);
  });
});

describe('missing schemas', () => {
  it('skips with a reason and hints at the served apiVersion or kind spelling', async () => {
    const v = await validator();
    const old = v.validate(makeResource({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } }));
    expect(old.findings).toEqual([]);
    expect(old.skipped).toMatchObject({ kind: 'missing-schema', file: 'manifests/test.yaml', docIndex: 0 });
    expect(old.skipped!.reason).toBe('no schema for extensions/v1beta1/Deployment in Kubernetes 1.36, CRDs or schema locations (Kubernetes 1.36 serves Deployment as apps/v1)');
    const lower = v.validate(makeResource({ apiVersion: 'v1', kind: 'configmap', metadata: { name: 'x' } }));
    expect(lower.skipped!.reason).toBe('no schema for v1/configmap in Kubernetes 1.36, CRDs or schema locations (did you mean kind ConfigMap?)');
    const custom = v.validate(makeResource({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' } }));
    expect(custom.skipped!.reason).toBe('no schema for cert-manager.io/v1/Certificate in Kubernetes 1.36, CRDs or schema locations (add its CRD with --crd or a schema location)');
  });
});
