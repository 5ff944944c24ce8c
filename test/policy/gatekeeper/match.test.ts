import { describe, expect, it } from 'vitest';
import { buildInventory, constraintMatches, globMatch, type MatchTarget } from '../../../src/policy/gatekeeper/index.js';
import { load } from './helpers.js';

const pod = (namespace: string | undefined, labels: Record<string, string> = {}, nsLabels?: Record<string, string>): MatchTarget => ({
  apiVersion: 'v1',
  kind: 'Pod',
  name: 'web-1',
  ...(namespace ? { namespace } : {}),
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', labels } },
  ...(nsLabels ? { namespaceLabels: nsLabels } : {}),
});

describe('constraint match', () => {
  it('matches kinds by API group and kind, with * wildcards', () => {
    expect(constraintMatches({ kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, pod('a'))).toBe(true);
    expect(constraintMatches({ kinds: [{ apiGroups: ['apps'], kinds: ['Pod'] }] }, pod('a'))).toBe(false);
    expect(constraintMatches({ kinds: [{ apiGroups: ['*'], kinds: ['*'] }] }, pod('a'))).toBe(true);
    expect(constraintMatches({ kinds: [{ apiGroups: [''], kinds: ['Service'] }, { apiGroups: ['*'], kinds: ['Pod'] }] }, pod('a'))).toBe(true);
    expect(constraintMatches(undefined, pod('a'))).toBe(true);
  });

  it('applies scope', () => {
    expect(constraintMatches({ scope: 'Namespaced' }, pod('a'))).toBe(true);
    expect(constraintMatches({ scope: 'Cluster' }, pod('a'))).toBe(false);
    const ns: MatchTarget = { apiVersion: 'v1', kind: 'Namespace', name: 'a', object: {} };
    expect(constraintMatches({ scope: 'Cluster' }, ns)).toBe(true);
    expect(constraintMatches({ scope: 'Namespaced' }, ns)).toBe(false);
    expect(constraintMatches({ scope: '*' }, ns)).toBe(true);
    // without metadata.namespace: a Pod is still namespaced, a ClusterRole is cluster-scoped
    expect(constraintMatches({ scope: 'Namespaced' }, pod(undefined))).toBe(true);
    expect(constraintMatches({ scope: 'Cluster' }, pod(undefined))).toBe(false);
    const role: MatchTarget = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'r', object: {} };
    expect(constraintMatches({ scope: 'Cluster' }, role)).toBe(true);
    expect(constraintMatches({ scope: 'Namespaced' }, role)).toBe(false);
  });

  it('applies namespaces and excludedNamespaces with prefix globs; a Namespace is judged by its own name', () => {
    expect(constraintMatches({ namespaces: ['prod-*'] }, pod('prod-eu'))).toBe(true);
    expect(constraintMatches({ namespaces: ['prod-*'] }, pod('dev'))).toBe(false);
    expect(constraintMatches({ excludedNamespaces: ['kube-*'] }, pod('kube-system'))).toBe(false);
    expect(constraintMatches({ excludedNamespaces: ['kube-*'] }, pod('shop'))).toBe(true);
    expect(constraintMatches({ excludedNamespaces: ['shop'] }, { apiVersion: 'v1', kind: 'Namespace', name: 'shop', object: {} })).toBe(false);
  });

  it('applies labelSelector with matchLabels and every matchExpressions operator', () => {
    const t = pod('a', { app: 'web', tier: 'front' });
    expect(constraintMatches({ labelSelector: { matchLabels: { app: 'web' } } }, t)).toBe(true);
    expect(constraintMatches({ labelSelector: { matchLabels: { app: 'db' } } }, t)).toBe(false);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] } }, t)).toBe(true);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] } }, t)).toBe(false);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] } }, t)).toBe(true);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] } }, t)).toBe(false);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }, t)).toBe(true);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'owner', operator: 'Exists' }] } }, t)).toBe(false);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'owner', operator: 'DoesNotExist' }] } }, t)).toBe(true);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] } }, t)).toBe(false);
    expect(constraintMatches({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'Bogus' }] } }, t)).toBe(false);
  });

  it('applies namespaceSelector to the labels of the namespace', () => {
    expect(constraintMatches({ namespaceSelector: { matchLabels: { env: 'prod' } } }, pod('a', {}, { env: 'prod' }))).toBe(true);
    expect(constraintMatches({ namespaceSelector: { matchLabels: { env: 'prod' } } }, pod('a', {}, { env: 'dev' }))).toBe(false);
    expect(constraintMatches({ namespaceSelector: { matchLabels: { env: 'prod' } } }, pod('a'))).toBe(false);
  });

  it('applies name globs', () => {
    expect(constraintMatches({ name: 'web-*' }, pod('a'))).toBe(true);
    expect(constraintMatches({ name: 'db-*' }, pod('a'))).toBe(false);
    expect(globMatch('*-1', 'web-1')).toBe(true);
    expect(globMatch('web-1', 'web-1')).toBe(true);
    expect(globMatch('web', 'web-1')).toBe(false);
  });
});

describe('data.inventory', () => {
  it('replicates cluster and namespaced objects as Gatekeeper sync does, without templates and constraints', async () => {
    const resources = await load('test/fixtures/gatekeeper/uniqueingresshost/inventory.yaml', 'test/fixtures/gatekeeper/uniqueingresshost/template.yaml');
    const inv = buildInventory(resources) as { cluster: Record<string, any>; namespace: Record<string, any> };
    expect(Object.keys(inv.cluster)).toEqual(['v1']);
    expect(inv.cluster['v1']['Namespace']['shop'].metadata.labels).toEqual({ env: 'prod' });
    expect(inv.namespace['old']['networking.k8s.io/v1']['Ingress']['legacy'].spec.rules[0].host).toBe('shop.example.com');
  });
});
