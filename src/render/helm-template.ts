import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTool, type ToolRun } from './exec.js';

export interface HelmTemplateRequest {
  /** A local chart directory, a chart name in `repo`, or an `oci://` reference. */
  chart: string;
  repo?: string;
  version?: string;
  releaseName?: string;
  namespace?: string;
  /** Values files in the repository, in the order Helm merges them. */
  valuesFiles?: string[];
  /** Values given inline (HelmRelease `values`, Argo CD `valuesObject`), merged last, in order. */
  inlineValues: Array<Record<string, unknown>>;
}

/** `helm template` with CRDs included (Flux and Argo CD install them), values files and inline values. */
export async function helmTemplate(helm: string, request: HelmTemplateRequest, scratch: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ToolRun> {
  const dir = mkdtempSync(path.join(scratch, 'helm-'));
  try {
    const args = ['template'];
    if (request.releaseName) args.push(request.releaseName);
    args.push(request.chart, '--include-crds');
    if (request.repo) args.push('--repo', request.repo);
    if (request.version) args.push('--version', request.version);
    if (request.namespace) args.push('--namespace', request.namespace);
    for (const file of request.valuesFiles ?? []) args.push('--values', file);
    request.inlineValues.forEach((values, i) => {
      const file = path.join(dir, `values-${i}.json`);
      writeFileSync(file, JSON.stringify(values));
      args.push('--values', file);
    });
    return await runTool(helm, args, { cwd: dir, env, timeoutMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits `helm template` output into manifests with the template each came from (`# Source:`). */
export function splitHelmOutput(text: string): Array<{ source?: string; text: string }> {
  const chunks: Array<{ source?: string; text: string }> = [];
  for (const chunk of text.split(/^---[ \t]*$/m)) {
    if (chunk.trim() === '') continue;
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
    chunks.push(source ? { source, text: chunk } : { text: chunk });
  }
  return chunks;
}

/** `mychart/templates/x.yaml` (or `mychart/charts/sub/templates/x.yaml`) inside `chartDir`. */
export function templatePath(chartDir: string, source: string): string | undefined {
  const slash = source.indexOf('/');
  if (slash < 0) return undefined;
  const abs = path.resolve(chartDir, source.slice(slash + 1));
  const rel = path.relative(chartDir, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : abs;
}
