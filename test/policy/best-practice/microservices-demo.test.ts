import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/model/index.js';
import { BEST_PRACTICE_POLICIES, GITOPS_POLICIES, createPolicySet } from '../../../src/policy/index.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';

/**
 * GoogleCloudPlatform/microservices-demo kubernetes-manifests: eleven hardened Deployments (non-root,
 * read-only root filesystem, drop ALL) with untagged images that skaffold fills in, plus redis and a
 * load generator. A platform engineer expects: untagged images, single replicas, tokens mounted,
 * one public LoadBalancer, no NetworkPolicy; and nothing about the securityContext they already set.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CORPUS = path.resolve(REPO, '../shared/corpus/gitops/microservices-demo/kubernetes-manifests');
const present = existsSync(CORPUS);
if (!present) console.log(`microservices-demo: skipped, ${path.relative(REPO, CORPUS)} is absent (the shared test corpus is not part of a clone)`);

function findings(): Finding[] {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
  const resources = files.flatMap((f) => resourcesFromYaml(readFileSync(path.join(CORPUS, f), 'utf8'), f));
  return createPolicySet([...BEST_PRACTICE_POLICIES, ...GITOPS_POLICIES]).run(resources);
}

describe.skipIf(!present)('best practices on microservices-demo', () => {
  const all = present ? findings() : [];
  const of = (id: string) => all.filter((f) => f.ruleId === id);
  const where = (id: string) => of(id).map((f) => `${f.file} ${f.resource?.name} ${f.pointer}`).sort();

  it('prints rule id -> count for the integrator', () => {
    const counts = new Map<string, number>();
    for (const f of all) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
    console.log(`microservices-demo/kubernetes-manifests (${all.length} findings)\n` + rows.map(([id, n]) => `  ${id.padEnd(40)} ${n}`).join('\n'));
    expect(all.some((f) => f.ruleId === 'policy/error')).toBe(false);
  });

  it('flags the untagged service images, not redis:alpine or the digest-pinned busybox', () => {
    expect(of('k8s/image-latest-tag')).toHaveLength(11);
    expect(where('k8s/image-latest-tag')).toContain('cartservice.yaml cartservice /spec/template/spec/containers/0/image');
    expect(of('k8s/image-latest-tag').some((f) => f.resource?.name === 'redis-cart')).toBe(false);
    expect(of('k8s/init-image-latest-tag')).toEqual([]);
    expect(where('k8s/image-digest-missing')).toContain('cartservice.yaml redis-cart /spec/template/spec/containers/0/image');
    expect(where('k8s/image-digest-missing').some((w) => w.includes('initContainers'))).toBe(false);
  });

  it('flags single replicas, mounted tokens, the public LoadBalancer and the missing NetworkPolicy', () => {
    expect(of('k8s/single-replica')).toHaveLength(12);
    expect(where('k8s/single-replica')).toContain('loadgenerator.yaml loadgenerator /spec/replicas');
    expect(where('k8s/single-replica')).toContain('frontend.yaml frontend /spec');
    expect(of('k8s/automount-service-account-token')).toHaveLength(12);
    expect(where('k8s/service-load-balancer')).toEqual(['frontend.yaml frontend-external /spec/type']);
    expect(of('k8s/network-policy-missing')).toHaveLength(1);
    expect(where('k8s/default-service-account')).toEqual(['cartservice.yaml redis-cart /spec/template/spec']);
  });

  it('flags the load generator: no probes on its client container, no resources on its init container', () => {
    expect(where('k8s/liveness-probe-missing')).toEqual(['loadgenerator.yaml loadgenerator /spec/template/spec/containers/0']);
    expect(where('k8s/readiness-probe-missing')).toEqual(['loadgenerator.yaml loadgenerator /spec/template/spec/containers/0']);
    for (const id of ['k8s/cpu-requests-missing', 'k8s/cpu-limits-missing', 'k8s/memory-requests-missing', 'k8s/memory-limits-missing']) {
      expect(where(id)).toEqual(['loadgenerator.yaml loadgenerator /spec/template/spec/initContainers/0']);
    }
  });

  it('says nothing about what the manifests already do right', () => {
    const quiet = [
      'k8s/privileged-container', 'k8s/privilege-escalation-allowed', 'k8s/read-only-root-filesystem', 'k8s/run-as-non-root',
      'k8s/run-as-root-user', 'k8s/net-raw-not-dropped', 'k8s/dangerous-capabilities', 'k8s/host-network', 'k8s/host-path-volume',
      'k8s/dangling-service', 'k8s/selector-mismatch', 'k8s/env-secret-literal', 'k8s/duplicate-env-var', 'k8s/probe-port-undefined',
      'k8s/pdb-missing', 'k8s/topology-spread-missing', 'k8s/default-namespace', 'k8s/service-target-port', 'k8s/service-account-missing', 'gitops/plaintext-secret',
    ];
    for (const id of quiet) expect(where(id), id).toEqual([]);
  });
});
