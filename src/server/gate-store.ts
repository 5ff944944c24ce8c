import { loadConfig, mergeWithFlags, type FlagValues } from '../config/index.js';
import { compileGate, defaultRunOptions, type CompiledGate, type ExternalPolicySet } from '../engine/index.js';
import { NEEDS_REPOSITORY_TAG, type Finding } from '../model/index.js';
import { DEFAULT_REGO_LIMITS, loadRegoPolicies, loadUserPolicies, loadWasmPolicies } from '../policy/index.js';
import type { Logger } from './log.js';
import type { ServerMetrics } from './metrics.js';
import { watchPaths, type Watch } from './watch.js';

/**
 * Rules left out at admission: those that judge the repository or a run's other objects
 * (tag `needs-repository`: every gitops/* rule, the best practices that look for companion
 * objects such as a PodDisruptionBudget or the workloads a Service selects). A user policy
 * can carry the tag too. CI and the plugin step still run them.
 */
export const ADMISSION_EXCLUDED_TAGS: readonly string[] = Object.freeze([NEEDS_REPOSITORY_TAG]);

/** Where the gate's policies and settings come from. Flags win over the config file, as in `check`. */
export interface GateSource {
  /** Absolute root that waiver file globs are relative to. */
  root: string;
  /** A `.syncgate.yaml` (often a mounted ConfigMap); none: flags and defaults only. */
  configFile?: string;
  flags: FlagValues;
  failOnMissingSchema?: boolean;
  /** Time budget of one user policy over one request (keep it under the request budget). */
  policyTimeoutMs?: number;
}

export interface LoadedGate {
  gate: CompiledGate;
  /** Files and directories whose change means "load again". */
  watchPaths: string[];
}

/** Reads the config and policy files and compiles them into a gate; throws on any problem. */
export async function loadGate(source: GateSource): Promise<LoadedGate> {
  const config = source.configFile ? loadConfig(source.root, source.configFile) : undefined;
  const settings = mergeWithFlags(config, source.flags, source.root);
  const policySets = await loadPolicySets(settings.policies, source);
  const options = defaultRunOptions({
    root: source.root,
    inputs: [],
    strict: settings.strict,
    crdPaths: settings.crds,
    schemaLocations: settings.schemaLocations,
    skipKinds: settings.skipKinds,
    rejectKinds: settings.rejectKinds,
    failOn: settings.failOn,
    failOnMissingSchema: source.failOnMissingSchema ?? false,
    preset: settings.preset,
    ruleSettings: settings.rules,
    ignoreResourceWaivers: settings.admission.ignoreResourceWaivers,
    ...(settings.pssVersion ? { pssVersion: settings.pssVersion } : {}),
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    ...(config ? { config } : {}),
  });
  let gate: CompiledGate;
  try {
    gate = await compileGate(options, { policySets, excludeTags: ADMISSION_EXCLUDED_TAGS });
  } catch (err) {
    await Promise.allSettled(policySets.map((set) => set.close()));
    throw err;
  }
  return { gate, watchPaths: [...(source.configFile ? [source.configFile] : []), ...settings.policies, ...settings.crds] };
}

/**
 * The user's policies from the policy directories, with the loaders `check` uses: TypeScript and
 * JavaScript modules (bundled, run in a worker with a time budget), Rego (conftest-style) and
 * OPA Wasm. A policy file that does not load fails the whole load: the server keeps the
 * previous set rather than serve without a policy it was given.
 */
async function loadPolicySets(dirs: readonly string[], source: GateSource): Promise<ExternalPolicySet[]> {
  if (dirs.length === 0) return [];
  const sets: ExternalPolicySet[] = [];
  try {
    const policyTimeoutMs = source.policyTimeoutMs ?? 1000;
    const user = await loadUserPolicies(dirs, { root: source.root, timeoutMs: policyTimeoutMs });
    sets.push(user);
    refuseLoadProblems(user.loadFindings);
    // Rego runs on the server thread: its own clock stops a runaway policy within the same
    // budget as a user policy in the worker, so one request cannot stall the others for long.
    const limits = { ...DEFAULT_REGO_LIMITS, timeoutMs: Math.min(DEFAULT_REGO_LIMITS.timeoutMs ?? policyTimeoutMs, policyTimeoutMs) };
    const rego = loadRegoPolicies(dirs, { root: source.root, namespaces: [], allNamespaces: false, dataFiles: [], combine: false, regoV0: false, limits });
    refuseLoadProblems(rego.loadFindings);
    sets.push({ rules: rego.rules, run: async (resources) => rego.run(resources), close: async () => {} });
    const wasm = loadWasmPolicies(dirs, { root: source.root });
    refuseLoadProblems(wasm.loadFindings);
    sets.push({ rules: wasm.rules, run: async (resources) => wasm.run(resources), close: async () => {} });
    return sets;
  } catch (err) {
    await Promise.allSettled(sets.map((set) => set.close()));
    throw err;
  }
}

function refuseLoadProblems(findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  throw new Error(findings.map((f) => `${f.file}:${f.range.startLine}:${f.range.startColumn}: ${f.message}`).join('\n'));
}

export interface GateStoreOptions {
  load: () => Promise<LoadedGate>;
  /** What to watch before the first successful load (the config file and flag paths). */
  initialWatchPaths: string[];
  pollMs: number;
  logger: Logger;
  metrics: ServerMetrics;
  /** How long a replaced gate stays usable for requests that started with it, before it is closed. */
  retireAfterMs?: number;
}

/**
 * Holds the serving gate. A reload compiles the new gate aside and replaces the reference in
 * one assignment: a request keeps the gate it started with, and never sees half a policy set.
 * A load that fails leaves the old gate serving, logs the error and sets a metric.
 */
export class GateStore {
  private loaded: LoadedGate | undefined;
  private watch: Watch | undefined;
  private watched = '';
  private generationCount = 0;
  private closed = false;
  private readonly retiring = new Map<NodeJS.Timeout, LoadedGate['gate']>();

  constructor(private readonly options: GateStoreOptions) {}

  get current(): CompiledGate | undefined {
    return this.loaded?.gate;
  }

  get generation(): number {
    return this.generationCount;
  }

  /** Loads once and starts watching. Resolves false when the first load failed (the store keeps retrying on change). */
  async start(): Promise<boolean> {
    const ok = await this.reload('start');
    if (!this.watch) this.rewatch(this.options.initialWatchPaths);
    return ok;
  }

  /** Loads and swaps in a new gate; false (old gate kept) when the load fails. */
  async reload(reason = 'change'): Promise<boolean> {
    const { logger, metrics } = this.options;
    const started = performance.now();
    let next: LoadedGate;
    try {
      next = await this.options.load();
    } catch (err) {
      metrics.reloads.inc({ result: 'failure' });
      metrics.policyLoadError.set(1);
      logger.error('policy load failed; the previous policy set keeps serving', { reason, error: (err as Error)?.message ?? String(err), serving: this.loaded !== undefined });
      return false;
    }
    if (this.closed) {
      void next.gate.close();
      return false;
    }
    const previous = this.loaded;
    this.loaded = next;
    if (previous) this.retire(previous.gate);
    this.generationCount += 1;
    metrics.reloads.inc({ result: 'success' });
    metrics.policyLoadError.set(0);
    metrics.policyLoaded.set(1);
    metrics.rules.set(next.gate.rules.length);
    metrics.lastReload.set(Math.round(Date.now() / 1000));
    logger.info('policy set loaded', { reason, generation: this.generationCount, rules: next.gate.rules.length, ms: Math.round(performance.now() - started) });
    this.rewatch(next.watchPaths);
    return true;
  }

  /** Looks for changes now (tests and SIGHUP use it instead of waiting for the poll). */
  async checkNow(): Promise<void> {
    await this.watch?.checkNow();
  }

  /** Stops watching and closes the gates (call after the server has drained). */
  close(): void {
    this.closed = true;
    this.watch?.close();
    for (const [timer, gate] of this.retiring) {
      clearTimeout(timer);
      void gate.close();
    }
    this.retiring.clear();
    void this.loaded?.gate.close();
  }

  /** Requests in flight keep the gate they took; close it once they are surely done. */
  private retire(gate: LoadedGate['gate']): void {
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      void gate.close();
    }, this.options.retireAfterMs ?? 60_000);
    timer.unref();
    this.retiring.set(timer, gate);
  }

  private rewatch(paths: string[]): void {
    const key = JSON.stringify([...paths].sort());
    if (this.watch && key === this.watched) return;
    this.watch?.close();
    this.watched = key;
    this.watch = paths.length ? watchPaths(paths, () => this.reload('change').then(() => undefined), { pollMs: this.options.pollMs }) : undefined;
  }
}
