import type { Policy, Violation } from '../../ts/index.js';
import { list, obj, strings } from './pod.js';
import { resourcePractice } from './rule.js';

const HELP = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
const ROLE_KINDS = ['Role', 'ClusterRole'];

interface RuleEntry {
  index: number;
  verbs: string[];
  resources: string[];
  apiGroups: string[];
}

function rulesOf(o: Record<string, unknown>): RuleEntry[] {
  return list(o['rules']).flatMap((r, index) => {
    const rule = obj(r);
    return rule ? [{ index, verbs: strings(rule['verbs']), resources: strings(rule['resources']), apiGroups: strings(rule['apiGroups']) }] : [];
  });
}

function coreGroup(rule: RuleEntry): boolean {
  return rule.apiGroups.length === 0 || rule.apiGroups.includes('') || rule.apiGroups.includes('*');
}

/** Reports the first matching resource of each rule that grants one of `verbs` on one of `resources` in the core group. */
function* grants(o: Record<string, unknown>, resources: string[], verbs: string[], what: (resource: string, verbs: string[]) => string): Iterable<Violation> {
  for (const rule of rulesOf(o)) {
    if (!coreGroup(rule)) continue;
    const granted = rule.verbs.filter((v) => verbs.includes(v) || v === '*');
    if (granted.length === 0) continue;
    const i = rule.resources.findIndex((r) => resources.includes(r));
    if (i >= 0) yield { message: what(rule.resources[i]!, granted), path: ['rules', rule.index, 'resources', i] };
  }
}

export const rbacPolicies: Policy[] = [
  resourcePractice('rbac-wildcard', {
    title: 'Roles do not use wildcards in verbs or resources',
    severity: 'high',
    description: 'A "*" in verbs or resources grants every present and future verb or resource, including ones added by CRDs later; in a ClusterRole it comes close to cluster-admin.',
    remediation: 'List the verbs and resources the subject needs.',
    helpUri: HELP,
    tags: ['security', 'rbac', 'cis-k8s'],
  }, ROLE_KINDS, function* (t) {
    for (const rule of rulesOf(t.object)) {
      for (const field of ['verbs', 'resources'] as const) {
        const i = rule[field].indexOf('*');
        if (i >= 0) yield { message: `${t.resource.kind} rule ${rule.index} grants "*" in ${field}`, path: ['rules', rule.index, field, i] };
      }
    }
  }),
  resourcePractice('cluster-admin-binding', {
    title: 'Nothing is bound to cluster-admin',
    severity: 'high',
    description: 'A binding to the cluster-admin ClusterRole gives its subjects full control of the cluster (or of the namespace, for a RoleBinding). GitOps controllers that need it should be the only, waived, exception.',
    remediation: 'Bind a role with the permissions the subjects need instead of cluster-admin.',
    helpUri: HELP,
    tags: ['security', 'rbac', 'cis-k8s', 'nsa-cisa'],
  }, ['ClusterRoleBinding', 'RoleBinding'], function* (t) {
    const ref = obj(t.object['roleRef']);
    if (ref?.['kind'] === 'ClusterRole' && ref['name'] === 'cluster-admin') {
      yield { message: `${t.resource.kind} grants cluster-admin to its subjects`, path: ['roleRef', 'name'] };
    }
  }),
  resourcePractice('rbac-secrets-access', {
    title: 'Roles do not read Secrets',
    severity: 'medium',
    description: 'get, list or watch on secrets exposes every Secret in scope (a ClusterRole: in every namespace), including service account tokens.',
    remediation: 'Mount the Secrets the workload needs instead of reading them through the API, or restrict the rule with resourceNames.',
    helpUri: HELP,
    tags: ['security', 'rbac', 'cis-k8s'],
  }, ROLE_KINDS, (t) => grants(t.object, ['secrets'], ['get', 'list', 'watch'], (_r, verbs) => `${t.resource.kind} grants ${verbs.join(', ')} on secrets`)),
  resourcePractice('rbac-pod-exec', {
    title: 'Roles do not allow exec or attach into pods',
    severity: 'medium',
    description: 'create (or get, for older clients) on pods/exec or pods/attach lets the subject run commands inside any pod in scope, with that pod\'s identity and secrets.',
    remediation: 'Remove pods/exec and pods/attach from the rule, or limit it to a namespace and resourceNames.',
    helpUri: HELP,
    tags: ['security', 'rbac'],
  }, ROLE_KINDS, (t) => grants(t.object, ['pods/exec', 'pods/attach'], ['create', 'get'], (r, verbs) => `${t.resource.kind} grants ${verbs.join(', ')} on ${r}`)),
];
