import type { LoadedConfig, RuleConfig } from '../config/index.js';
import type { Severity } from '../model/index.js';
import type { ChartRelease } from '../render/index.js';

export type PresetName = 'minimal' | 'recommended' | 'strict';

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
  /** Built-in rule set; `none` runs schema checks only (what kubeconform users compare against). */
  preset: PresetName | 'none';
  /** Pod Security Standards version (`1.NN` or `latest`). */
  pssVersion?: string;
  /** Per-rule severity overrides, `off`, and options (from the config). */
  ruleSettings: Record<string, RuleConfig>;
  /** The loaded `.syncgate.yaml`, for its waivers. */
  config?: LoadedConfig;
  /** Report unused and soon-expiring waivers. */
  reportWaivers: boolean;
  /** Absolute path of a baseline file: findings recorded in it are not reported. */
  baseline?: string;
  /** The admission gate can refuse waivers written into the resources it judges. */
  ignoreResourceWaivers?: boolean;
  /** The clock waivers expire against (injectable for tests). */
  now?: Date;
  /** Directories of the user's policies (`.ts`, `.js`, `.rego`); default `policy/` under the root when it exists. */
  policyDirs: string[];
  /** Time budget of one user TypeScript/JavaScript policy per run. */
  policyTimeoutMs?: number;
  /** conftest options for the user's Rego policies. */
  rego: RegoRunOptions;
  /** Render Kustomize overlays, Helm charts, Flux and Argo CD sources before checking (what will actually be synced). */
  render: boolean;
  kustomizeBin?: string;
  helmBin?: string;
  /** Remote bases and charts are rendered only when the network is allowed. */
  allowNetwork: boolean;
  renderTimeoutMs: number;
  /** Release name, namespace and values for the chart in one directory (the Argo CD plugin step). */
  chartRelease?: ChartRelease;
}

export interface RegoRunOptions {
  /** `--namespace` (globs allowed); default `main`. */
  namespaces: string[];
  allNamespaces: boolean;
  /** `--data` files or folders merged under `data`. */
  dataFiles: string[];
  /** `--combine`: all resources as one input array. */
  combine: boolean;
  /** `--rego-v0`: parse every file as Rego v0. */
  regoV0: boolean;
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
    preset: 'recommended',
    ruleSettings: {},
    reportWaivers: false,
    policyDirs: [],
    render: true,
    allowNetwork: false,
    renderTimeoutMs: 120_000,
    rego: { namespaces: [], allNamespaces: false, dataFiles: [], combine: false, regoV0: false },
    ...overrides,
  };
}
