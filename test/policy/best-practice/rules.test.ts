import { describe, expect, it } from 'vitest';
import { BEST_PRACTICE_RULES } from '../../../src/policy/index.js';
import { C0, POD, cronJob, deployment, object, run, type Obj } from './harness.js';

interface Case {
  id: string;
  pass: Obj[];
  fail: Obj[];
  /** Pointer of the (first) finding on the failing objects. */
  pointer: string;
  message?: RegExp;
}

const svc = (selector: Obj, extra: Obj = {}, ns = 'shop') => object('v1', 'Service', 'web', { spec: { selector, ports: [{ port: 80 }], ...extra } }, ns);
const role = (rules: Obj[], kind = 'ClusterRole') => object('rbac.authorization.k8s.io/v1', kind, 'r', { rules }, kind === 'Role' ? 'shop' : undefined);
const ingress = (spec: Obj) => object('networking.k8s.io/v1', 'Ingress', 'web', { spec });
const backend = (name: string) => ({ rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] });
const pdb = (spec: Obj) => object('policy/v1', 'PodDisruptionBudget', 'web', { spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
const hpa = (name: string, minReplicas = 2) => object('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas, maxReplicas: 5 } });
const job = (spec: Obj = {}) => object('batch/v1', 'Job', 'migrate', { spec: { backoffLimit: 1, ttlSecondsAfterFinished: 600, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } }, ...spec } });
const netpol = object('networking.k8s.io/v1', 'NetworkPolicy', 'default-deny', { spec: { podSelector: {}, policyTypes: ['Ingress'] } });
const hostPath = (path: string) => ({ pod: { volumes: [{ name: 'host', hostPath: { path } }] } });

const CASES: Case[] = [
  { id: 'k8s/cpu-requests-missing', pass: [deployment()], fail: [deployment({ container: { resources: { requests: { cpu: undefined } } } })], pointer: `${C0}/resources/requests`, message: /no cpu request/ },
  { id: 'k8s/cpu-limits-missing', pass: [deployment()], fail: [deployment({ container: { resources: { limits: undefined } } })], pointer: `${C0}/resources` },
  { id: 'k8s/memory-requests-missing', pass: [deployment()], fail: [deployment({ container: { resources: undefined } })], pointer: C0 },
  { id: 'k8s/memory-limits-missing', pass: [deployment()], fail: [deployment({ container: { resources: { limits: { memory: undefined } } } })], pointer: `${C0}/resources/limits`, message: /memory limit/ },
  { id: 'k8s/liveness-probe-missing', pass: [deployment(), cronJob({ container: { livenessProbe: undefined } })], fail: [deployment({ container: { livenessProbe: undefined } })], pointer: C0 },
  { id: 'k8s/readiness-probe-missing', pass: [deployment(), cronJob({ container: { readinessProbe: undefined } })], fail: [deployment({ container: { readinessProbe: undefined } })], pointer: C0 },
  { id: 'k8s/probe-port-undefined', pass: [deployment(), deployment({ container: { livenessProbe: { httpGet: { port: 8080 } } } })], fail: [deployment({ container: { livenessProbe: { httpGet: { port: 'metrics' } } } })], pointer: `${C0}/livenessProbe/httpGet/port`, message: /"metrics"/ },
  { id: 'k8s/image-latest-tag', pass: [deployment(), deployment({ container: { image: 'registry:5000/app:1.2' } })], fail: [deployment({ container: { image: 'registry:5000/app' } })], pointer: `${C0}/image`, message: /no tag/ },
  { id: 'k8s/init-image-latest-tag', pass: [deployment({ pod: { initContainers: [{ name: 'init', image: 'busybox:1.36' }] } })], fail: [deployment({ pod: { initContainers: [{ name: 'init', image: 'busybox:latest' }] } })], pointer: `${POD}/initContainers/0/image`, message: /"latest"/ },
  { id: 'k8s/image-digest-missing', pass: [deployment()], fail: [deployment({ container: { image: 'app:1.2.3' } })], pointer: `${C0}/image` },
  { id: 'k8s/image-pull-policy', pass: [deployment({ container: { image: 'app:1.2', imagePullPolicy: 'IfNotPresent' } }), deployment({ container: { image: 'app:latest', imagePullPolicy: 'Always' } })], fail: [deployment({ container: { image: 'app:latest', imagePullPolicy: 'IfNotPresent' } })], pointer: `${C0}/imagePullPolicy` },
  { id: 'k8s/host-network', pass: [deployment({ pod: { hostNetwork: false } })], fail: [deployment({ pod: { hostNetwork: true } })], pointer: `${POD}/hostNetwork` },
  { id: 'k8s/host-pid', pass: [deployment()], fail: [deployment({ pod: { hostPID: true } })], pointer: `${POD}/hostPID` },
  { id: 'k8s/host-ipc', pass: [deployment()], fail: [deployment({ pod: { hostIPC: true } })], pointer: `${POD}/hostIPC` },
  { id: 'k8s/privileged-container', pass: [deployment({ container: { securityContext: { privileged: false } } })], fail: [deployment({ container: { securityContext: { privileged: true } } })], pointer: `${C0}/securityContext/privileged` },
  { id: 'k8s/privilege-escalation-allowed', pass: [deployment()], fail: [deployment({ container: { securityContext: { allowPrivilegeEscalation: undefined } } })], pointer: `${C0}/securityContext`, message: /allowPrivilegeEscalation: false/ },
  { id: 'k8s/dangerous-capabilities', pass: [deployment({ container: { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } } })], fail: [deployment({ container: { securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'CAP_SYS_ADMIN'] } } } })], pointer: `${C0}/securityContext/capabilities/add/1` },
  { id: 'k8s/net-raw-not-dropped', pass: [deployment(), deployment({ container: { securityContext: { capabilities: { drop: ['NET_RAW'] } } } })], fail: [deployment({ container: { securityContext: { capabilities: { drop: ['CHOWN'] } } } })], pointer: `${C0}/securityContext/capabilities/drop` },
  { id: 'k8s/read-only-root-filesystem', pass: [deployment()], fail: [deployment({ container: { securityContext: { readOnlyRootFilesystem: false } } })], pointer: `${C0}/securityContext/readOnlyRootFilesystem` },
  { id: 'k8s/run-as-non-root', pass: [deployment({ container: { securityContext: { runAsNonRoot: undefined } } }), deployment({ pod: { securityContext: { runAsNonRoot: undefined } }, container: { securityContext: { runAsNonRoot: undefined } } })], fail: [deployment({ pod: { securityContext: { runAsNonRoot: undefined, runAsUser: undefined } }, container: { securityContext: { runAsNonRoot: undefined } } })], pointer: `${C0}/securityContext` },
  { id: 'k8s/run-as-root-user', pass: [deployment()], fail: [deployment({ pod: { securityContext: { runAsUser: 0 } } })], pointer: `${POD}/securityContext/runAsUser` },
  { id: 'k8s/unsafe-sysctls', pass: [deployment({ pod: { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } } })], fail: [deployment({ pod: { securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } } })], pointer: `${POD}/securityContext/sysctls/0/name` },
  { id: 'k8s/automount-service-account-token', pass: [deployment(), deployment({ pod: { automountServiceAccountToken: undefined } }), object('v1', 'ServiceAccount', 'web', { automountServiceAccountToken: false })], fail: [deployment({ pod: { automountServiceAccountToken: undefined } })], pointer: POD },
  { id: 'k8s/default-service-account', pass: [deployment()], fail: [deployment({ pod: { serviceAccountName: undefined } })], pointer: POD, message: /"default" service account/ },
  { id: 'k8s/service-account-missing', pass: [deployment(), object('v1', 'ServiceAccount', 'web'), deployment({ metadata: { name: 'api', namespace: 'other' } })], fail: [deployment(), object('v1', 'ServiceAccount', 'api')], pointer: `${POD}/serviceAccountName`, message: /"web"/ },
  { id: 'k8s/host-port', pass: [deployment()], fail: [deployment({ container: { ports: [{ containerPort: 8080, hostPort: 80 }] } })], pointer: `${C0}/ports/0/hostPort` },
  { id: 'k8s/configmap-secret-literal', pass: [object('v1', 'ConfigMap', 'c', { data: { password_min_length: '12', 'db.password': '', token_url: 'https://x' } })], fail: [object('v1', 'ConfigMap', 'c', { data: { 'log.level': 'info', 'smtp.password': 'hunter2' } })], pointer: '/data/smtp.password' },
  { id: 'k8s/deprecated-service-account-field', pass: [deployment()], fail: [deployment({ pod: { serviceAccount: 'web' } })], pointer: `${POD}/serviceAccount` },
  { id: 'k8s/default-namespace', pass: [deployment(), object('v1', 'ConfigMap', 'c', {}, undefined)], fail: [object('v1', 'ConfigMap', 'c', {}, 'default')], pointer: '/metadata/namespace' },
  { id: 'k8s/recommended-labels', pass: [deployment()], fail: [deployment({ metadata: { labels: undefined } })], pointer: '/metadata' },
  { id: 'k8s/service-node-port', pass: [svc({ app: 'web' })], fail: [svc({ app: 'web' }, { type: 'NodePort' })], pointer: '/spec/type' },
  { id: 'k8s/service-load-balancer', pass: [svc({ app: 'web' }, { type: 'ClusterIP' })], fail: [svc({ app: 'web' }, { type: 'LoadBalancer' })], pointer: '/spec/type' },
  { id: 'k8s/dangling-service', pass: [deployment(), svc({ app: 'web' }), svc({ app: 'from-helm' }, {}, 'other')], fail: [deployment(), svc({ app: 'wbe' })], pointer: '/spec/selector', message: /app=wbe matches no workload in namespace "shop"/ },
  { id: 'k8s/service-target-port', pass: [deployment(), svc({ app: 'web' }, { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 9000 }] }), svc({ app: 'elsewhere' }, { ports: [{ port: 80, targetPort: 'web' }] }, 'other')], fail: [deployment(), svc({ app: 'web' }, { ports: [{ port: 80, targetPort: 'http' }, { port: 443, targetPort: 'https' }] })], pointer: '/spec/ports/1/targetPort', message: /"https" is not a container port name of the selected pods \(Deployment web\)/ },
  { id: 'k8s/ingress-tls-missing', pass: [ingress({ tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }], ...backend('web') })], fail: [ingress(backend('web'))], pointer: '/spec' },
  { id: 'k8s/ingress-dangling-backend', pass: [svc({ app: 'web' }), ingress(backend('web')), object('networking.k8s.io/v1', 'Ingress', 'x', { spec: backend('elsewhere') }, 'other')], fail: [svc({ app: 'web' }), ingress(backend('api'))], pointer: '/spec/rules/0/http/paths/0/backend/service/name' },
  { id: 'k8s/single-replica', pass: [deployment(), deployment({ spec: { replicas: undefined } }), hpa('web')], fail: [deployment({ spec: { replicas: 1 } })], pointer: '/spec/replicas' },
  { id: 'k8s/pdb-missing', pass: [deployment(), pdb({ maxUnavailable: 1 })], fail: [deployment(), pdb({ maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } })], pointer: '/spec/replicas', message: /3 replicas/ },
  { id: 'k8s/pdb-blocks-eviction', pass: [deployment(), pdb({ minAvailable: 2 })], fail: [deployment(), pdb({ minAvailable: 3 })], pointer: '/spec/minAvailable', message: /3 replicas of Deployment web/ },
  { id: 'k8s/topology-spread-missing', pass: [deployment(), deployment({ spec: { replicas: 1 }, pod: { topologySpreadConstraints: undefined } })], fail: [deployment({ pod: { topologySpreadConstraints: undefined } })], pointer: POD },
  { id: 'k8s/hpa-dangling-target', pass: [deployment(), hpa('web'), object('autoscaling/v2', 'HorizontalPodAutoscaler', 'h', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' } } }, 'other')], fail: [deployment(), hpa('webb')], pointer: '/spec/scaleTargetRef/name' },
  { id: 'k8s/selector-mismatch', pass: [deployment()], fail: [deployment({ spec: { selector: { matchLabels: { app: 'api' } } } })], pointer: '/spec/selector/matchLabels/app' },
  { id: 'k8s/rbac-wildcard', pass: [role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])], fail: [role([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])], pointer: '/rules/0/verbs/0' },
  { id: 'k8s/cluster-admin-binding', pass: [object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'b', { roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' } }, undefined)], fail: [object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'b', { roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: 'rbac.authorization.k8s.io' } }, undefined)], pointer: '/roleRef/name' },
  { id: 'k8s/rbac-secrets-access', pass: [role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }], 'Role')], fail: [role([{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list'] }], 'Role')], pointer: '/rules/0/resources/1', message: /get, list on secrets/ },
  { id: 'k8s/rbac-pod-exec', pass: [role([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }])], fail: [role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }])], pointer: '/rules/0/resources/0' },
  { id: 'k8s/env-secret-literal', pass: [deployment({ container: { env: [{ name: 'PASSWORD_FILE', value: '/run/secrets/pw' }, { name: 'TOKEN_TTL', value: '3600' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }, { name: 'API_TOKEN', value: '$(TOKEN_FROM_SECRET)' }] } })], fail: [deployment({ container: { env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', value: 'hunter2' }] } })], pointer: `${C0}/env/1/value`, message: /DB_PASSWORD/ },
  { id: 'k8s/duplicate-env-var', pass: [deployment({ container: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] } })], fail: [deployment({ container: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: '3' }] } })], pointer: `${C0}/env/2/name` },
  { id: 'k8s/duplicate-container-port', pass: [deployment()], fail: [deployment({ pod: { containers: [{ name: 'a', image: 'a:1', ports: [{ containerPort: 8080 }] }, { name: 'b', image: 'b:1', ports: [{ containerPort: 9090 }, { containerPort: 8080 }] }] } })], pointer: `${POD}/containers/1/ports/1/containerPort`, message: /already declared by container "a"/ },
  { id: 'k8s/ssh-port', pass: [deployment()], fail: [deployment({ container: { ports: [{ containerPort: 22 }] } })], pointer: `${C0}/ports/0/containerPort` },
  { id: 'k8s/host-path-volume', pass: [deployment({ pod: { volumes: [{ name: 'tmp', emptyDir: {} }] } })], fail: [deployment(hostPath('/data'))], pointer: `${POD}/volumes/0/hostPath` },
  { id: 'k8s/docker-socket-mount', pass: [deployment(hostPath('/data'))], fail: [deployment(hostPath('/var/run/docker.sock'))], pointer: `${POD}/volumes/0/hostPath/path` },
  { id: 'k8s/sensitive-host-mount', pass: [deployment(hostPath('/data')), deployment(hostPath('/run/containerd/containerd.sock')), deployment(hostPath('/etcetera'))], fail: [deployment(hostPath('/etc/kubernetes/'))], pointer: `${POD}/volumes/0/hostPath/path` },
  { id: 'k8s/job-ttl-seconds-after-finished', pass: [job(), withAnnotations(job({ ttlSecondsAfterFinished: undefined }), { 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' })], fail: [job({ ttlSecondsAfterFinished: undefined })], pointer: '/spec' },
  { id: 'k8s/job-backoff-limit', pass: [job(), cronJob()], fail: [cronJob({ spec: { jobTemplate: { spec: { backoffLimit: undefined } } } })], pointer: '/spec/jobTemplate/spec' },
  { id: 'k8s/cronjob-concurrency-policy', pass: [cronJob()], fail: [cronJob({ spec: { concurrencyPolicy: undefined } })], pointer: '/spec' },
  { id: 'k8s/cronjob-starting-deadline', pass: [cronJob()], fail: [cronJob({ spec: { startingDeadlineSeconds: undefined } })], pointer: '/spec' },
  { id: 'k8s/network-policy-missing', pass: [deployment(), cronJob(), netpol], fail: [deployment(), cronJob(), object('networking.k8s.io/v1', 'NetworkPolicy', 'np', { spec: { podSelector: {} } }, 'other')], pointer: '/metadata/namespace', message: /namespace "shop"/ },
];

/** The object with metadata.annotations set. */
function withAnnotations(o: Obj, annotations: Obj): Obj {
  const metadata = o['metadata'] as Obj;
  return { ...o, metadata: { ...metadata, annotations } };
}

describe('best-practice rules', () => {
  it('every rule has a passing and a failing case', () => {
    expect(BEST_PRACTICE_RULES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.map((c) => c.id).sort()).toEqual(BEST_PRACTICE_RULES.map((r) => r.id).sort());
  });

  it('carry ids, tags and metadata', () => {
    for (const r of BEST_PRACTICE_RULES) {
      expect(r.id).toMatch(/^k8s\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.tags[0]).toBe('best-practice');
      expect(r.title && r.description && r.remediation && r.helpUri).toBeTruthy();
    }
  });

  for (const c of CASES) {
    describe(c.id, () => {
      it('passes the good manifests', () => {
        expect(run(c.id, c.pass)).toEqual([]);
      });
      it('flags the bad manifest at the offending field', () => {
        const findings = run(c.id, c.fail);
        expect(findings.length).toBeGreaterThanOrEqual(1);
        expect(findings[0]!.ruleId).toBe(c.id);
        expect(findings[0]!.pointer).toBe(c.pointer);
        expect(findings[0]!.range.startLine).toBeGreaterThan(1);
        if (c.message) expect(findings[0]!.message).toMatch(c.message);
      });
    });
  }
});
