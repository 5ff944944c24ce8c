import { NEEDS_REPOSITORY_TAG } from '../../../model/index.js';
import { podTemplateOf, type Policy, type ResourceIndex, type TargetPath, type Violation } from '../../ts/index.js';
import { list, obj, type Obj } from './pod.js';
import { resourcePractice } from './rule.js';
import { describeNamespace, matchLabels, namespaceKey, workloadsInNamespace } from './selectors.js';

const SERVICE_HELP = 'https://kubernetes.io/docs/concepts/services-networking/service/';
const INGRESS_HELP = 'https://kubernetes.io/docs/concepts/services-networking/ingress/';

/** Pod labels of custom workloads that carry a pod template (Argo Rollouts, Knative...), in one namespace. */
function customTemplateLabels(index: ResourceIndex, namespace: string | undefined): Obj[] {
  // Asked once per Service: group the run's template labels by namespace once per run.
  let byNamespace = templateLabelCache.get(index);
  if (!byNamespace) {
    byNamespace = new Map();
    for (const r of index.all) {
      const labels = obj(obj(obj(obj(r.object['spec'])?.['template'])?.['metadata'])?.['labels']);
      if (!labels) continue;
      const key = namespaceKey(r.namespace);
      let list = byNamespace.get(key);
      if (!list) byNamespace.set(key, (list = []));
      list.push(labels);
    }
    templateLabelCache.set(index, byNamespace);
  }
  return byNamespace.get(namespaceKey(namespace)) ?? [];
}

const templateLabelCache = new WeakMap<ResourceIndex, Map<string, Obj[]>>();

function serviceType(o: Obj): unknown {
  return obj(o['spec'])?.['type'];
}

/** Service names an Ingress sends traffic to, with their paths. */
function* ingressBackends(o: Obj): Iterable<{ name: string; path: TargetPath }> {
  const spec = obj(o['spec']) ?? {};
  function* backend(b: unknown, path: (string | number)[]): Iterable<{ name: string; path: TargetPath }> {
    const be = obj(b);
    if (!be) return;
    const v1 = obj(be['service'])?.['name'];
    if (typeof v1 === 'string') yield { name: v1, path: [...path, 'service', 'name'] };
    else if (typeof be['serviceName'] === 'string') yield { name: be['serviceName'], path: [...path, 'serviceName'] };
  }
  // networking.k8s.io/v1 calls it defaultBackend; extensions/v1beta1 called it backend.
  const defaultField = spec['defaultBackend'] !== undefined ? 'defaultBackend' : 'backend';
  yield* backend(spec[defaultField], ['spec', defaultField]);
  for (const [i, rule] of list(spec['rules']).entries()) {
    for (const [j, p] of list(obj(obj(rule)?.['http'])?.['paths']).entries()) {
      yield* backend(obj(p)?.['backend'], ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    }
  }
}

export const servicePolicies: Policy[] = [
  resourcePractice('service-node-port', {
    title: 'Services are not exposed on node ports',
    severity: 'low',
    description: 'A NodePort Service opens a port on every node, bypassing the ingress layer and often the firewall rules meant for it.',
    remediation: 'Use type ClusterIP behind an Ingress or Gateway, or a LoadBalancer where external exposure is intended.',
    helpUri: `${SERVICE_HELP}#type-nodeport`,
    tags: ['security', 'network'],
  }, ['Service'], function* (t) {
    if (serviceType(t.object) === 'NodePort') yield { message: 'Service is of type NodePort: it opens a port on every node', path: ['spec', 'type'] };
  }),
  resourcePractice('service-load-balancer', {
    title: 'Services of type LoadBalancer are intended',
    severity: 'low',
    description: 'A LoadBalancer Service gets its own external address (and cost); most HTTP services belong behind a shared Ingress or Gateway.',
    remediation: 'Use type ClusterIP behind an Ingress or Gateway, or waive the finding for services meant to be public.',
    helpUri: `${SERVICE_HELP}#loadbalancer`,
    tags: ['network'],
  }, ['Service'], function* (t) {
    if (serviceType(t.object) === 'LoadBalancer') yield { message: 'Service is of type LoadBalancer: it gets an external address', path: ['spec', 'type'] };
  }),
  resourcePractice('dangling-service', {
    title: 'Service selectors match a workload',
    severity: 'medium',
    description: 'A Service whose selector matches the pod labels of no workload has no endpoints. Checked only when the run has workloads in the Service\'s namespace (otherwise its pods may come from a Helm release or another repository); Services without a selector are skipped, and custom kinds with spec.template labels (Argo Rollouts and the like) count as workloads.',
    remediation: 'Fix the selector or the pod template labels so that they match.',
    helpUri: SERVICE_HELP,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['Service'], function* (t, ctx): Iterable<Violation> {
    const spec = obj(t.object['spec']);
    const selector = obj(spec?.['selector']);
    if (!selector || Object.keys(selector).length === 0 || spec?.['type'] === 'ExternalName') return;
    const workloads = workloadsInNamespace(ctx.resources, t.resource.namespace);
    if (workloads.length === 0) return;
    if (workloads.some((w) => matchLabels(selector, w.labels))) return;
    if (customTemplateLabels(ctx.resources, t.resource.namespace).some((l) => matchLabels(selector, l))) return;
    const text = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(',');
    yield { message: `Service selector ${text} matches no workload in ${describeNamespace(t.resource.namespace)}`, path: ['spec', 'selector'] };
  }),
  resourcePractice('service-target-port', {
    title: 'Service target port names exist in the selected pods',
    severity: 'medium',
    description: 'A Service port whose targetPort is a name sends no traffic unless the selected pods declare a container port with that name. Checked only for Services that select workloads of the run; numeric target ports are not checked (container ports are informational).',
    remediation: 'Use a port name declared in the pod\'s containers[].ports[].name, or the port number.',
    helpUri: `${SERVICE_HELP}#defining-a-service`,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['Service'], function* (t, ctx) {
    const spec = obj(t.object['spec']);
    const selector = obj(spec?.['selector']);
    if (!selector || Object.keys(selector).length === 0) return;
    const selected = workloadsInNamespace(ctx.resources, t.resource.namespace).filter((w) => matchLabels(selector, w.labels));
    if (selected.length === 0) return;
    const names = new Set<string>();
    for (const w of selected) {
      const pod = obj(podTemplateOf(w.resource)?.spec);
      for (const c of [...list(pod?.['containers']), ...list(pod?.['initContainers'])]) {
        for (const p of list(obj(c)?.['ports'])) {
          const name = obj(p)?.['name'];
          if (typeof name === 'string') names.add(name);
        }
      }
    }
    for (const [i, p] of list(spec?.['ports']).entries()) {
      const target = obj(p)?.['targetPort'];
      if (typeof target === 'string' && !/^\d+$/.test(target) && !names.has(target)) {
        yield { message: `targetPort ${JSON.stringify(target)} is not a container port name of the selected pods (${selected.map((w) => `${w.resource.kind} ${w.resource.name}`).join(', ')})`, path: ['spec', 'ports', i, 'targetPort'] };
      }
    }
  }),
  resourcePractice('ingress-tls-missing', {
    title: 'Ingresses terminate TLS',
    severity: 'low',
    description: 'An Ingress without spec.tls serves plain HTTP (unless TLS is terminated before it, e.g. on a cloud load balancer).',
    remediation: 'Add spec.tls with the hosts and a certificate secret (cert-manager can issue it).',
    helpUri: `${INGRESS_HELP}#tls`,
    tags: ['security', 'network'],
  }, ['Ingress'], function* (t) {
    const tls = obj(t.object['spec'])?.['tls'];
    if (!Array.isArray(tls) || tls.length === 0) yield { message: 'Ingress has no spec.tls: traffic is plain HTTP', path: ['spec', 'tls'] };
  }),
  resourcePractice('ingress-dangling-backend', {
    title: 'Ingress backends name a Service of the run',
    severity: 'medium',
    description: 'An Ingress backend must name a Service in the Ingress\'s namespace. Checked only when the run has Services in that namespace (otherwise the Services may be rendered elsewhere).',
    remediation: 'Fix the backend service name, or add the Service.',
    helpUri: INGRESS_HELP,
    tags: ['reliability', NEEDS_REPOSITORY_TAG],
  }, ['Ingress'], function* (t, ctx) {
    const services = ctx.resources.inNamespace('Service', t.resource.namespace);
    if (services.length === 0) return;
    for (const b of ingressBackends(t.object)) {
      if (!services.some((s) => s.name === b.name)) {
        yield { message: `Ingress backend Service ${JSON.stringify(b.name)} is not defined in ${describeNamespace(t.resource.namespace)}`, path: b.path };
      }
    }
  }),
];

