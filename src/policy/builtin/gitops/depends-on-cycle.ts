import type { Resource } from '../../../model/index.js';
import type { Policy, ResourceIndex } from '../../ts/index.js';
import { isFluxKustomization, isHelmRelease, list, obj } from './flux.js';
import { gitopsPolicy } from './rule.js';

interface Node {
  resource: Resource;
  key: string;
  /** Targets of dependsOn, with the entry index. */
  edges: { key: string; index: number }[];
}

function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function graphOf(index: ResourceIndex): Map<string, Node> {
  const nodes = new Map<string, Node>();
  for (const r of index.all) {
    if (!isFluxKustomization(r) && !isHelmRelease(r)) continue;
    const key = keyOf(r.kind, r.namespace, r.name);
    if (nodes.has(key)) continue;
    const edges = list(obj(r.object['spec'])?.['dependsOn']).flatMap((d, i) => {
      const dep = obj(d);
      if (!dep || typeof dep['name'] !== 'string') return [];
      const ns = typeof dep['namespace'] === 'string' && dep['namespace'] !== '' ? dep['namespace'] : r.namespace;
      return [{ key: keyOf(r.kind, ns, dep['name']), index: i }];
    });
    nodes.set(key, { resource: r, key, edges });
  }
  return nodes;
}

/** Each cycle once: the first member (in run order) and the cycle as a list of nodes, starting and ending there. */
function cyclesOf(index: ResourceIndex): Map<Resource, { path: Node[]; edgeIndex: number }> {
  const nodes = graphOf(index);
  const order = [...nodes.values()];
  const position = new Map(order.map((n, i) => [n.key, i] as const));
  // Tarjan's strongly connected components, iteratively.
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of order) {
    if (idx.has(start.key)) continue;
    const work: { key: string; edge: number }[] = [{ key: start.key, edge: 0 }];
    idx.set(start.key, counter); low.set(start.key, counter++); stack.push(start.key); onStack.add(start.key);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const node = nodes.get(frame.key)!;
      if (frame.edge < node.edges.length) {
        const next = node.edges[frame.edge++]!.key;
        if (!nodes.has(next)) continue;
        if (!idx.has(next)) {
          idx.set(next, counter); low.set(next, counter++); stack.push(next); onStack.add(next);
          work.push({ key: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.key, Math.min(low.get(frame.key)!, idx.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.key;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.key)!));
      }
      if (low.get(frame.key) === idx.get(frame.key)) {
        const component: string[] = [];
        let k: string;
        do { k = stack.pop()!; onStack.delete(k); component.push(k); } while (k !== frame.key);
        components.push(component);
      }
    }
  }
  const out = new Map<Resource, { path: Node[]; edgeIndex: number }>();
  for (const component of components) {
    const members = new Set(component);
    const first = component.map((k) => nodes.get(k)!).sort((a, b) => position.get(a.key)! - position.get(b.key)!)[0]!;
    const self = first.edges.find((e) => e.key === first.key);
    if (component.length === 1 && !self) continue;
    if (self) {
      out.set(first.resource, { path: [first, first], edgeIndex: self.index });
      continue;
    }
    // Shortest way back to the first member inside the component (breadth-first).
    const back = new Map<string, string>();
    const queue = [first.key];
    const seen = new Set([first.key]);
    let found = false;
    while (queue.length > 0 && !found) {
      const k = queue.shift()!;
      for (const e of nodes.get(k)!.edges) {
        if (!members.has(e.key)) continue;
        if (e.key === first.key) { back.set('<end>', k); found = true; break; }
        if (!seen.has(e.key)) { seen.add(e.key); back.set(e.key, k); queue.push(e.key); }
      }
    }
    const path: Node[] = [first];
    for (let k = back.get('<end>'); k !== undefined && k !== first.key; k = back.get(k)) path.splice(1, 0, nodes.get(k)!);
    path.push(first);
    const edgeIndex = first.edges.find((e) => e.key === path[1]!.key)!.index;
    out.set(first.resource, { path, edgeIndex });
  }
  return out;
}

const cache = new WeakMap<ResourceIndex, Map<Resource, { path: Node[]; edgeIndex: number }>>();

export const fluxDependsOnCycle: Policy = gitopsPolicy('flux-depends-on-cycle', {
  title: 'Flux dependsOn has no cycles',
  severity: 'high',
  description: 'Flux Kustomizations (or HelmReleases) that depend on each other in a cycle are never applied. Each cycle is reported once, on its first member in the run, at the dependsOn entry that starts it; the message lists the cycle. The namespace of a dependsOn entry defaults to the referrer\'s.',
  remediation: 'Remove one dependsOn entry of the cycle.',
  helpUri: 'https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies',
  tags: ['flux'],
}, ['Kustomization', 'HelmRelease'], function* (t, ctx) {
  let cycles = cache.get(ctx.resources);
  if (!cycles) cache.set(ctx.resources, (cycles = cyclesOf(ctx.resources)));
  const cycle = cycles.get(t.resource);
  if (!cycle) return;
  const names = cycle.path.map((n) => `${n.resource.namespace ? n.resource.namespace + '/' : ''}${n.resource.name}`);
  yield { message: `${t.resource.kind} dependsOn cycle: ${names.join(' -> ')}`, path: ['spec', 'dependsOn', cycle.edgeIndex], properties: { cycle: names } };
});
