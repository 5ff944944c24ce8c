import { describe, expect, it } from 'vitest';
import { createPolicySet } from '../../../src/policy/ts/index.js';
import { builtinRegoDir, builtinRegoPolicies, loadBuiltinRego } from '../../../src/policy/builtin/rego/index.js';
import { runRegoPolicyTests } from '../../../src/policy/rego/index.js';
import { repo, resourcesOf } from './helpers.js';

const MANIFESTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
    - host: "*.example.com"
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
  externalIPs:
    - 10.0.0.9
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  source:
    repoURL: https://git.example.com/shop.git
    targetRevision: HEAD
  syncPolicy:
    automated:
      prune: true
`;

describe('built-in rules written in Rego', () => {
  it('ship with METADATA: id, title, severity, description, remediation, helpUri, tags and kinds', () => {
    const set = loadBuiltinRego();
    expect(set.problems).toEqual([]);
    expect(set.rules.map((r) => r.id)).toEqual([
      'gitops/argocd-auto-sync-prune-without-selfheal',
      'gitops/argocd-unpinned-target-revision',
      'k8s/configmap-too-large',
      'k8s/ingress-wildcard-host',
      'k8s/service-external-ips',
    ]);
    for (const p of set.policies) {
      expect(p.rule.title.length).toBeGreaterThan(10);
      expect(p.rule.description.length).toBeGreaterThan(40);
      expect(p.rule.remediation.length).toBeGreaterThan(10);
      expect(p.rule.helpUri).toMatch(/^https:\/\//);
      expect(p.rule.tags.length).toBeGreaterThan(0);
      expect(Array.isArray(p.kinds) && p.kinds.length > 0).toBe(true);
      expect(p.source).toMatch(/policies\/rego\/.*\.rego$/);
    }
  });

  it('pass their own Rego unit tests (as `syncgate test policies/rego` runs them)', () => {
    const dir = builtinRegoDir()!;
    const run = runRegoPolicyTests([dir], { root: dir });
    expect(run.problems).toEqual([]);
    expect(run.cases.length).toBeGreaterThanOrEqual(25);
    expect(run.cases.filter((c) => c.outcome !== 'pass')).toEqual([]);
  });

  it('report findings at the exact line of the offending field', async () => {
    const root = repo({ 'manifests/all.yaml': MANIFESTS });
    const findings = createPolicySet(builtinRegoPolicies()).run(await resourcesOf(root));
    const got = findings.map((f) => `${f.ruleId} ${f.severity} ${f.range.startLine}:${f.range.startColumn} ${f.pointer}`).sort();
    expect(got).toEqual([
      'gitops/argocd-auto-sync-prune-without-selfheal medium 30:7 /spec/syncPolicy/automated/prune',
      'gitops/argocd-unpinned-target-revision medium 27:5 /spec/source/targetRevision',
      'k8s/ingress-wildcard-host medium 8:7 /spec/rules/1/host',
      'k8s/service-external-ips high 18:7 /spec/externalIPs/0',
    ]);
  });
});
