import { stringify } from 'yaml';
import type { Finding } from '../../../src/model/index.js';
import { ALL_BUILTIN_RULES, BEST_PRACTICE_POLICIES, GITOPS_POLICIES, createPolicySet, type Policy, type PolicySetRunOptions } from '../../../src/policy/index.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';

export type Obj = Record<string, unknown>;

const POLICIES: readonly Policy[] = [...BEST_PRACTICE_POLICIES, ...GITOPS_POLICIES];

export function policyOf(id: string): Policy {
  const p = POLICIES.find((x) => x.rule.id === id);
  if (!p) throw new Error(`no built-in policy ${id}`);
  return p;
}

/** Several objects as one multi-document YAML file. */
export function yamlOf(objects: readonly Obj[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}

/** Findings of one rule over the objects (through the YAML test loader, so pointers resolve to lines). */
export function run(id: string, objects: readonly Obj[], options: PolicySetRunOptions = {}): Finding[] {
  const findings = createPolicySet([policyOf(id)]).run(resourcesFromYaml(yamlOf(objects), 'case.yaml'), options);
  const error = findings.find((f) => f.ruleId === 'policy/error');
  if (error) throw new Error(`${id} failed: ${error.message}`);
  return findings;
}

/** Deep merge where `undefined` deletes a key and arrays are replaced. */
export function merge<T extends Obj>(base: T, patch: Obj): T {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else if (isPlain(v) && isPlain(out[k])) out[k] = merge(out[k] as Obj, v);
    else out[k] = v;
  }
  return out as T;
}

function isPlain(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const DIGEST = 'sha256:' + 'a'.repeat(64);

/** A container that passes every container check. */
export const GOOD_CONTAINER: Obj = {
  name: 'app',
  image: `registry.example.com/app:1.2.3@${DIGEST}`,
  ports: [{ name: 'http', containerPort: 8080 }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
  readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
};

/** A pod spec that passes every pod check. */
export const GOOD_POD: Obj = {
  serviceAccountName: 'web',
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 1000 },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
  containers: [GOOD_CONTAINER],
};

export interface WorkloadPatch {
  pod?: Obj;
  container?: Obj;
  spec?: Obj;
  metadata?: Obj;
}

function podSpec(p: WorkloadPatch): Obj {
  const pod = merge(GOOD_POD, p.pod ?? {});
  if (p.container) pod['containers'] = [merge(GOOD_CONTAINER, p.container), ...((pod['containers'] as Obj[]).slice(1))];
  return pod;
}

/** A Deployment web in namespace shop that passes every check, changed by `p`. */
export function deployment(p: WorkloadPatch = {}): Obj {
  return merge({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec(p) } },
  }, { metadata: p.metadata ?? {}, spec: p.spec ?? {} });
}

/** A CronJob nightly in namespace shop with the same pod, changed by `p`. */
export function cronJob(p: WorkloadPatch = {}): Obj {
  return merge({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'nightly' } },
    spec: {
      schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300,
      jobTemplate: { spec: { backoffLimit: 2, template: { spec: { ...podSpec(p), restartPolicy: 'OnFailure' } } } },
    },
  }, { metadata: p.metadata ?? {}, spec: p.spec ?? {} });
}

export function object(apiVersion: string, kind: string, name: string, rest: Obj = {}, namespace: string | undefined = 'shop'): Obj {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest };
}

export const POD = '/spec/template/spec';
export const C0 = `${POD}/containers/0`;

export { ALL_BUILTIN_RULES };
