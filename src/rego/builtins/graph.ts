/**
 * graph.reachable and graph.reachable_paths (OPA topdown/reachable.go): a graph
 * is an object from node to an array or set of neighbours; nodes absent from
 * the graph are never reached.
 */
import { isArray, isSet, SetValue, typeName, type Value } from '../value.js';
import { argObject, BuiltinError, type BuiltinDef } from './registry.js';

function typeNameError(pos: number, got: Value, expected: string): BuiltinError {
  return new BuiltinError(`operand ${pos} must be ${expected} but got ${typeName(got)}`, 'eval_type_error');
}

function vertices(v: Value | undefined): Value[] {
  if (isArray(v)) return v;
  if (isSet(v)) return v.sorted();
  return [];
}

function initialNodes(args: Value[]): Value[] {
  const v = args[1]!;
  if (!isArray(v) && !isSet(v)) throw typeNameError(2, v, '{array, set}');
  return vertices(v);
}

function reachable(args: Value[]): SetValue {
  const graph = argObject(args, 0);
  const queue = initialNodes(args);
  const reached = new SetValue();
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const edges = graph.get(node);
    if (edges === undefined) continue;
    for (const n of vertices(edges)) if (!reached.has(n)) queue.push(n);
    reached.add(node);
  }
  return reached;
}

function reachablePaths(args: Value[]): SetValue {
  const graph = argObject(args, 0);
  const roots = initialNodes(args);
  const out = new SetValue();
  // One "reached" set per starting edge, shared by the whole walk below it (as
  // OPA v1.14 does): a node expanded on one branch ends paths that meet it later.
  const build = (root: Value, path: Value[], reached: SetValue): void => {
    const edges = graph.get(root);
    if (edges === undefined) {
      out.add(path);
      return;
    }
    const here = [...path, root];
    const next = vertices(edges);
    if (next.length === 0) {
      out.add(here);
      return;
    }
    for (const n of next) {
      if (reached.has(n)) out.add(here);
      else {
        reached.add(root);
        build(n, here, reached);
      }
    }
  };
  for (const node of roots) {
    const edges = graph.get(node);
    if (edges === undefined) continue;
    const next = vertices(edges);
    if (next.length === 0) out.add([node]);
    else for (const n of next) build(n, [node], SetValue.of([node]));
  }
  return out;
}

export const graphBuiltins: BuiltinDef[] = [
  { name: 'graph.reachable', args: ['object', ['array', 'set']], result: 'set', impl: reachable },
  { name: 'graph.reachable_paths', args: ['object', ['array', 'set']], result: 'set', impl: reachablePaths },
];
