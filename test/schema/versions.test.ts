import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR, availableKubernetesVersions, createSchemaValidator } from '../../src/schema/index.js';
import { BASE_OPTIONS, deployment, makeResource, summary, validator } from './helpers.js';

describe('bundled versions', () => {
  it('ships at least four Kubernetes minor versions, newest first', () => {
    const versions = availableKubernetesVersions();
    expect(versions.length).toBeGreaterThanOrEqual(4);
    const minors = versions.map((v) => Number(v.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => b - a));
    expect(versions[0]).toBe('1.36');
  });

  it('defaults to the newest version and accepts 1.NN, v1.NN and 1.NN.P', async () => {
    expect((await validator()).kubernetesVersion).toBe(availableKubernetesVersions()[0]);
    for (const given of ['1.33', 'v1.33', '1.33.4', 'v1.33.0']) expect((await validator({ kubernetesVersion: given })).kubernetesVersion).toBe('1.33');
  });

  it('throws an Error listing the available versions for an unknown one', async () => {
    const err = await createSchemaValidator({ ...BASE_OPTIONS, kubernetesVersion: '1.12' }, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `no schemas for Kubernetes version "1.12"; available: ${availableKubernetesVersions().join(', ')} (give a minor version such as 1.33, or point --schema-location at schemas for other versions)`,
    );
    await expect(createSchemaValidator({ ...BASE_OPTIONS, kubernetesVersion: 'banana' }, [])).rejects.toThrow(/available: 1\.36/);
  });

  it('validates against the chosen version: kinds differ between versions', async () => {
    // resource.k8s.io/v1 (DRA) is served from 1.34 on.
    const claim = makeResource({ apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaim', metadata: { name: 'c' }, spec: {} });
    expect((await validator({ kubernetesVersion: '1.34' })).validate(claim).skipped).toBeUndefined();
    const old = (await validator({ kubernetesVersion: '1.32' })).validate(claim);
    expect(old.skipped?.reason).toMatch(/^no schema for resource.k8s.io\/v1\/ResourceClaim in Kubernetes 1\.32/);
  });

  it('knows which kinds are namespaced', async () => {
    const v = await validator();
    expect(v.namespaced('apps/v1', 'Deployment')).toBe(true);
    expect(v.namespaced('v1', 'Namespace')).toBe(false);
    expect(v.namespaced('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe(false);
    expect(v.namespaced('example.com/v1', 'Nope')).toBeUndefined();
  });

  it('lists its rules, and every finding uses one of them', async () => {
    const v = await validator({ rejectKinds: ['Secret'] });
    const ids = v.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['schema/unknown-field', 'schema/required-field', 'schema/invalid-type', 'schema/invalid-value', 'schema/rejected-kind', 'schema/invalid-schema']);
    for (const r of v.rules) expect(r.helpUri).toMatch(/^https:\/\//);
    const bad = deployment({ replicas: 'x', strategy: { type: 'Recreate', extra: 1 } }, { metadata: { name: 'w', creationTimestamp: 'x' } });
    const findings = [...v.validate(makeResource(bad)).findings, ...v.validate(makeResource({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } })).findings];
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) expect(ids).toContain(f.ruleId);
  });
});

describe('schemas/ folder', () => {
  const versions = availableKubernetesVersions();

  it('stays small', () => {
    let total = 0;
    for (const v of versions) for (const f of readdirSync(join(SCHEMAS_DIR, `v${v}`))) total += statSync(join(SCHEMAS_DIR, `v${v}`, f)).size;
    expect(total).toBeLessThan(2_000_000);
  });

  it.each(versions)('v%s: every index entry and every $ref resolves', (v) => {
    const defs = JSON.parse(readFileSync(join(SCHEMAS_DIR, `v${v}`, 'definitions.json'), 'utf8')) as { $defs: Record<string, unknown>; $id: string };
    const index = JSON.parse(readFileSync(join(SCHEMAS_DIR, `v${v}`, 'index.json'), 'utf8')) as { kubernetesVersion: string; kinds: Record<string, { definition: string }> };
    expect(index.kubernetesVersion).toBe(v);
    expect(defs.$id).toContain(`/v${v}/`);
    for (const [gvk, entry] of Object.entries(index.kinds)) expect(defs.$defs[entry.definition], gvk).toBeDefined();
    const refs = JSON.stringify(defs.$defs).match(/"\$ref":"#\/\$defs\/[^"]+"/g) ?? [];
    for (const r of refs) expect(defs.$defs[r.slice(16, -1)], r).toBeDefined();
    for (const core of ['v1/Pod', 'v1/Service', 'v1/ConfigMap', 'v1/Secret', 'apps/v1/Deployment', 'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress', 'apiextensions.k8s.io/v1/CustomResourceDefinition']) {
      expect(index.kinds[core], core).toBeDefined();
    }
  });

  it.each(versions)('v%s: a Deployment with every common field is valid', async (version) => {
    const v = await validator({ kubernetesVersion: version, strict: true });
    const full = deployment({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
        spec: {
          serviceAccountName: 'web',
          securityContext: { runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'web',
              image: 'nginx',
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
              env: [{ name: 'A', value: 'b' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '1Gi' } },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              readinessProbe: { tcpSocket: { port: 8080 } },
              volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            },
          ],
          volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }, { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } },
          tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
    });
    expect(summary(v.validate(makeResource(full)).findings)).toEqual([]);
  });
});
