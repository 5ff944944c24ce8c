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
  /** Found as a top-level kustomization in the checked paths (not named by a Flux or Argo CD object). */
  discovered?: boolean;
  /** The reconciler that builds it, when a Flux Kustomization or an Argo CD Application names it. */
  reconciler?: 'flux' | 'argocd';
  /**
   * Kustomization fields the reconciler adds on top (Flux `targetNamespace`, `patches`,
   * `images`...; Argo CD `source.kustomize`), written into the wrapper kustomization.
   */
  overlay?: Record<string, unknown>;
  /** Flux `spec.components`: absolute component directories inside the repository. */
  components?: string[];
  /** Where the overlay's inline patches are written (the Flux or Argo CD object), to point findings at them. */
  overlayPatches?: { file: string; docIndex: number; patches: Array<{ text: string; pointer: string; target?: Record<string, unknown> }> };
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

/** A chart from a Helm or OCI repository (rendered only with --allow-network). */
export interface RemoteHelmRequest {
  type: 'helm-remote';
  /** A chart name (with `repo`) or an `oci://` reference. */
  chart: string;
  repo?: string;
  version?: string;
  label: RootLabel;
  /** The object that asked for it, and the pointer of its chart field: rendered resources are positioned there. */
  at: GitOpsObject;
  chartPointer: string;
  releaseName?: string;
  namespace?: string;
  inlineValues: Array<Record<string, unknown>>;
}

export type RenderRequest = KustomizeRequest | HelmRequest | RemoteHelmRequest;

/** One cache key per distinct render: the same overlay named by two Flux objects renders once. */
export function requestKey(r: RenderRequest): string {
  if (r.type === 'kustomize') return `kustomize\0${r.dir}\0${JSON.stringify(r.overlay ?? {})}\0${JSON.stringify(r.components ?? [])}\0${JSON.stringify(r.substitute ?? {})}`;
  if (r.type === 'helm-remote') return `helm-remote\0${r.repo ?? ''}\0${r.chart}\0${r.version ?? ''}\0${r.releaseName ?? ''}\0${r.namespace ?? ''}\0${JSON.stringify(r.inlineValues)}`;
  return `helm\0${r.chartDir}\0${r.releaseName ?? ''}\0${r.namespace ?? ''}\0${r.valuesFiles.join('\0')}\0${JSON.stringify(r.inlineValues)}`;
}

/** A Flux or Argo CD object found among the run's resources, with where it is written. */
export interface GitOpsObject {
  object: Record<string, unknown>;
  file: string;
  docIndex: number;
  locate: (pointer: string) => Range;
}
