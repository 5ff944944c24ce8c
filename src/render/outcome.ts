import type { Finding, Range, Resource, SkippedItem } from '../model/index.js';
import type { RootLabel } from './requests.js';
import type { MappingContext } from './rendered-resources.js';

/** What rendering one root produced. */
export interface Outcome {
  resources: Resource[];
  findings: Finding[];
  skipped: SkippedItem[];
  /** Absolute paths of the files the render read. */
  consumed: Set<string>;
  /** Set when the root was rendered (so its files are consumed). */
  rendered: boolean;
  missingTool?: 'kustomize' | 'helm';
}

/** What every root's render needs from the run. */
export interface RenderEnv {
  root: string;
  realRoot: string;
  /** The run's private temporary directory (wrappers, values files, tool caches). */
  scratch: string;
  env: NodeJS.ProcessEnv;
  allowNetwork: boolean;
  timeoutMs: number;
  ctx: MappingContext;
}

export function emptyOutcome(): Outcome {
  return { resources: [], findings: [], skipped: [], consumed: new Set(), rendered: false };
}

/** The line of the root (kustomization, Chart.yaml, or the Flux/Argo CD field naming it). */
export function rootRange(label: RootLabel): Range {
  const line = label.line ?? 1;
  return { startLine: line, startColumn: 1, endLine: line, endColumn: 1 };
}
