import type { Range } from '../model/index.js';

/** The render root a resource came from, kept in `source.origin`. */
export interface RootLabel {
  /** Repository-relative file that asked for the render (kustomization, Chart.yaml, Flux or Argo CD object). */
  file: string;
  line?: number;
}

export interface KustomizeRequest {
  type: 'kustomize';
  /** Absolute directory holding the kustomization. */
  dir: string;
  label: RootLabel;
  /**
   * Kustomization fields the reconciler adds on top (Flux `targetNamespace`, `patches`,
   * `images`...; Argo CD `source.kustomize`), written into the wrapper kustomization.
   */
  overlay?: Record<string, unknown>;
  /** Flux `postBuild.substitute`: `${VAR}` values replaced in the output. */
  substitute?: Record<string, string>;
}

export interface HelmRequest {
  type: 'helm';
  chartDir: string;
  label: RootLabel;
  releaseName?: string;
  namespace?: string;
  valuesFiles: string[];
  inlineValues: Array<Record<string, unknown>>;
}

export type RenderRequest = KustomizeRequest | HelmRequest;

/** One cache key per distinct render: the same overlay named by two Flux objects renders once. */
export function requestKey(r: RenderRequest): string {
  if (r.type === 'kustomize') return `kustomize\0${r.dir}\0${JSON.stringify(r.overlay ?? {})}\0${JSON.stringify(r.substitute ?? {})}`;
  return `helm\0${r.chartDir}\0${r.releaseName ?? ''}\0${r.namespace ?? ''}\0${r.valuesFiles.join('\0')}\0${JSON.stringify(r.inlineValues)}`;
}

/** A Flux or Argo CD object found among the run's resources, with where it is written. */
export interface GitOpsObject {
  object: Record<string, unknown>;
  file: string;
  locate: (pointer: string) => Range;
}
