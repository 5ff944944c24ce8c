import type { Severity } from '../model/index.js';

/** Everything one run needs. Every entry point (CLI, Action, webhook, CMP) builds one of these. */
export interface RunOptions {
  /** Absolute repository root: findings name files relative to it. */
  root: string;
  /** Files, directories, glob patterns, `-` for standard input. */
  inputs: string[];
  exclude: string[];
  gitignore: boolean;
  /** Unknown fields and duplicate keys are errors. */
  strict: boolean;
  /** Kubernetes minor version such as `1.33`; default: the newest shipped. */
  kubernetesVersion?: string;
  /** Files or directories holding CustomResourceDefinitions to register. */
  crdPaths: string[];
  /** kubeconform-style schema folders or path templates. */
  schemaLocations: string[];
  skipKinds: string[];
  rejectKinds: string[];
  failOn: Severity;
  /** A resource without a known schema fails the run instead of being skipped. */
  failOnMissingSchema: boolean;
  maxFileBytes?: number;
  readStdin?: () => Promise<Buffer>;
}

export function defaultRunOptions(overrides: Partial<RunOptions> & Pick<RunOptions, 'root' | 'inputs'>): RunOptions {
  return {
    exclude: [],
    gitignore: true,
    strict: false,
    crdPaths: [],
    schemaLocations: [],
    skipKinds: [],
    rejectKinds: [],
    failOn: 'high',
    failOnMissingSchema: false,
    ...overrides,
  };
}
