import type { Resource } from '../model/index.js';

/**
 * Splits resources into the groups that can be applied together, for the duplicate-object
 * check. A reconciler applies a directory with everything below it (Flux's generated
 * kustomization, Argo CD's recursive directory source), so two definitions clash when one's
 * directory contains the other's. Sibling trees such as `clusters/staging` and
 * `clusters/production`, or `kustomize/` beside `release/`, are different deployments of the
 * same objects, not conflicts.
 */
export function groupBySyncScope(resources: Resource[]): Resource[][] {
  const dirOf = (r: Resource) => {
    const file = r.source.file;
    const slash = file.lastIndexOf('/');
    return slash < 0 ? '' : file.slice(0, slash);
  };
  const dirs = [...new Set(resources.map(dirOf))].sort();
  const parent = new Map<string, string>(dirs.map((d) => [d, d]));
  const find = (d: string): string => {
    let root = d;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(d, root);
    return root;
  };
  for (const dir of dirs) {
    // Join each directory to its nearest ancestor that also holds resources.
    for (let ancestor = parentDir(dir); ancestor !== undefined; ancestor = parentDir(ancestor)) {
      if (parent.has(ancestor)) {
        parent.set(find(dir), find(ancestor));
        break;
      }
    }
  }
  const groups = new Map<string, Resource[]>();
  for (const r of resources) {
    const key = find(dirOf(r));
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

function parentDir(dir: string): string | undefined {
  if (dir === '') return undefined;
  const slash = dir.lastIndexOf('/');
  if (slash < 0) return '';
  const up = dir.slice(0, slash);
  // `../x` paths: stop at the `..` segments rather than inventing a common root.
  return up === '..' || up.endsWith('/..') ? undefined : up;
}
