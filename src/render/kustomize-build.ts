import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTool, type ToolRun } from './exec.js';
import type { KustomizeTool } from './tools.js';

export interface KustomizeBuild {
  run: ToolRun;
  /** The directory `config.kubernetes.io/origin` paths are relative to. */
  originBase: string;
}

/**
 * Builds a kustomization through a temporary wrapper kustomization that references it and
 * turns on origin and transformer annotations, so the user's file is never modified.
 * Origin paths in the output are relative to the wrapper's directory.
 */
export async function buildKustomization(
  tool: KustomizeTool,
  dir: string,
  scratch: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  overlay: Record<string, unknown> = {},
  /** Absolute component directories the reconciler adds (Flux `spec.components`), already checked. */
  components: string[] = [],
  /** More build flags (`--enable-helm --helm-command <helm>` for helmCharts). */
  extraArgs: string[] = [],
): Promise<KustomizeBuild> {
  const wrapper = mkdtempSync(path.join(scratch, 'kustomize-'));
  try {
    const target = path.relative(wrapper, dir).split(path.sep).join('/');
    // JSON is YAML: the overlay's fields cannot inject anything but data.
    const wrapperKustomization = {
      ...overlay,
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [target],
      ...(components.length ? { components: components.map((c) => path.relative(wrapper, c).split(path.sep).join('/')) } : {}),
      buildMetadata: ['originAnnotations', 'transformerAnnotations'],
    };
    writeFileSync(path.join(wrapper, 'kustomization.yaml'), JSON.stringify(wrapperKustomization, null, 1));
    const run = await runTool(tool.bin, [...tool.buildArgs, ...extraArgs, wrapper], { cwd: wrapper, env, timeoutMs });
    return { run, originBase: wrapper };
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

/** Makes a tool's error message readable: temporary paths and the repository root are dropped. */
export function cleanToolMessage(message: string, root: string, scratch: string, originBase?: string): string {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  let text = lines.slice(0, 12).join('\n');
  if (originBase) {
    const rootFromWrapper = path.relative(originBase, root).split(path.sep).join('/');
    if (rootFromWrapper) text = text.split(rootFromWrapper + '/').join('');
  }
  text = text.split(root + path.sep).join('').split(root).join('.');
  // Errors below the wrapper are wrapped once more than `kustomize build <root>` would print.
  text = text.replace(/accumulation err='accumulating resources from '([^']*)': read \1: is a directory': recursed accumulation of path '\1': /, '');
  text = text.replace(/^error: accumulating resources: (accumulating resources: )/, 'error: $1');
  text = text.replace(new RegExp(`${escapeRegex(scratch)}[^\\s:'"]*`, 'g'), '<syncgate wrapper>');
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
