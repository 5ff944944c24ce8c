import type { Resource } from '../../model/index.js';
import { loadRegoPolicies } from './load.js';

/**
 * The `rego` case of `npm run bench`: compile the conftest-style policies once, then
 * evaluate every namespace rule on every resource. `schema` (optional) runs schema
 * validation on the same resources, for the Rego/schema cost ratio.
 */
export interface RegoBenchResult {
  resources: number;
  policyFiles: number;
  findings: number;
  loadFindings: number;
  compileSeconds: number;
  /** evaluation only (what scales with the repository) */
  seconds: number;
  evalsPerSecond: number;
  /** evaluation of the `main` namespace alone (no findings, no positions) */
  evalOnlySeconds: number;
  evalOnlyPerSecond: number;
  /** a second run: positions of every file already computed by the loader's lazy locator */
  warmSeconds: number;
  warmEvalsPerSecond: number;
  schemaSeconds?: number;
  /** seconds / schemaSeconds */
  schemaRatio?: number;
}

export async function benchRego(resources: readonly Resource[], options: { root: string; policyDirs: string[]; schema?: () => Promise<unknown> | unknown }): Promise<RegoBenchResult> {
  let schemaSeconds: number | undefined;
  if (options.schema) {
    const s = performance.now();
    await options.schema();
    schemaSeconds = (performance.now() - s) / 1000;
  }
  const c = performance.now();
  const set = loadRegoPolicies(options.policyDirs, { root: options.root });
  const compileSeconds = (performance.now() - c) / 1000;
  const e = performance.now();
  const findings = set.run(resources);
  const seconds = (performance.now() - e) / 1000;
  // Again, with every file's positions already computed: the Rego and findings cost alone.
  const w = performance.now();
  set.run(resources);
  const warmSeconds = (performance.now() - w) / 1000;
  // Evaluation alone: every conftest rule of the selected namespaces, no findings built.
  const paths = (set.policy?.packages() ?? []).filter((p) => p === 'main').flatMap((p) => set.policy!.rules(p).filter((r) => /^(deny|violation|warn|exception)/.test(r)).map((r) => [p, r]));
  const data = {};
  const v = performance.now();
  for (const r of resources) set.policy?.evaluateRefs(paths, { input: r.object as never, data: data as never });
  const evalOnlySeconds = (performance.now() - v) / 1000;
  return {
    resources: resources.length,
    evalOnlySeconds,
    evalOnlyPerSecond: Math.round(resources.length / evalOnlySeconds),
    policyFiles: set.files.length,
    findings: findings.length,
    loadFindings: set.loadFindings.length,
    compileSeconds,
    seconds,
    evalsPerSecond: Math.round(resources.length / seconds),
    warmSeconds,
    warmEvalsPerSecond: Math.round(resources.length / warmSeconds),
    ...(schemaSeconds !== undefined ? { schemaSeconds, schemaRatio: seconds / schemaSeconds } : {}),
  };
}
