import path from 'node:path';
import { compareFindings, FILE_START, type Finding, type Resource, type Rule } from '../../model/index.js';
import { POLICY_ERROR_RULE } from '../ts/errors.js';
import { violationToFinding } from '../ts/findings.js';
import type { PolicySetRunOptions, ResourceTarget } from '../ts/types.js';
import { compilePolicyFile, type CompiledModule } from './compile.js';
import { discoverPolicyFiles } from './discover.js';
import {
  checkErrorFinding,
  describeWireError,
  DisplayPaths,
  findQuoted,
  pointRange,
  policyFileFinding,
  stoppedFinding,
  type PolicyIdentity,
} from './findings.js';
import { PolicyWorkerHost, WorkerCrash, WorkerTimeout } from './host.js';
import type { WireError, WirePolicy, WireResource, WorkerMessage } from './protocol.js';
import { sameRule } from './rule-check.js';
import { runtimeFiles } from './runtime.js';

export interface UserPolicyOptions {
  /** Absolute repository root: findings name files relative to it. */
  root: string;
  /**
   * Time budget of one policy over the resources of one run (and of one policy file's top-level
   * code when it loads), in milliseconds. Default `DEFAULT_POLICY_TIMEOUT_MS`.
   */
  timeoutMs?: number;
  /** Heap limit of the worker that runs user policies, in MB. Default `DEFAULT_POLICY_MEMORY_MB`. */
  memoryLimitMb?: number;
}

/** The user policies of a run, compiled and loaded once; `run` may be called for each resource set. */
export interface UserPolicySet {
  /** The rules of the loaded policies, and `policy/error`. */
  readonly rules: readonly Rule[];
  /** `policy/error` findings for what could not be loaded (each names the file, line and column). */
  readonly loadFindings: readonly Finding[];
  /** The policies that loaded: rule id and policy file (repository-relative). */
  readonly policies: readonly PolicyIdentity[];
  /** Runs every loaded policy over `resources`; failures and time-outs are `policy/error` findings. */
  run(resources: readonly Resource[], options?: PolicySetRunOptions): Promise<Finding[]>;
  /** Stops the worker. The set cannot run afterwards. */
  close(): Promise<void>;
}

export const DEFAULT_POLICY_TIMEOUT_MS = 5_000;
export const DEFAULT_POLICY_MEMORY_MB = 1_024;
/** Sending the resources is syncgate's work, not a policy's: it gets its own, generous budget. */
const RESOURCES_TIMEOUT_MS = 120_000;

interface ModuleState {
  id: number;
  compiled: CompiledModule;
  display: string;
  status: 'pending' | 'loaded' | 'failed';
  policies: WirePolicy[];
}

interface LoadedPolicy extends PolicyIdentity {
  module: ModuleState;
  index: number;
  rule: Rule;
  /** Why the policy no longer runs (it timed out or crashed the worker in an earlier run). */
  disabled?: string;
}

/**
 * Loads the TypeScript and JavaScript policies of `dirs` (see discover.ts for which files),
 * compiles them (compile.ts) and imports them into a worker thread (worker.ts). Nothing that
 * fails to load stops the run: it becomes a `policy/error` finding in `loadFindings`.
 */
export async function loadUserPolicies(dirs: readonly string[], options: UserPolicyOptions): Promise<UserPolicySet> {
  const root = path.resolve(options.root);
  const timeoutMs = positive(options.timeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS, 'timeoutMs');
  const memoryLimitMb = positive(options.memoryLimitMb ?? DEFAULT_POLICY_MEMORY_MB, 'memoryLimitMb');
  const discovery = await discoverPolicyFiles(dirs.map((d) => path.resolve(root, d)));
  const paths = new DisplayPaths(root, discovery.dirs);
  const loadFindings: Finding[] = discovery.problems.map((p) => {
    const file = paths.of(p.path);
    return policyFileFinding(file, { ...FILE_START }, `${p.subject} ${file} ${p.message}.`, p.message);
  });
  if (discovery.files.length === 0) return new UserPolicySession(paths, undefined, [], loadFindings, timeoutMs, dirs.length > 0);

  const runtime = runtimeFiles();
  let session: UserPolicySession | undefined;
  const host = new PolicyWorkerHost({ runtime, memoryLimitMb, onUncaught: (error) => session?.uncaught(error) });
  // The worker starts while esbuild compiles.
  const starting = host.start().then(
    () => undefined,
    (error: unknown) => error,
  );
  let compiled: Awaited<ReturnType<typeof compilePolicyFile>>[];
  try {
    compiled = await Promise.all(discovery.files.map((f) => compilePolicyFile(f, runtime.api.href)));
  } catch (error) {
    await starting;
    await host.stop();
    throw error;
  }
  const modules: ModuleState[] = [];
  const reported = new Set<string>();
  compiled.forEach((result, i) => {
    const file = discovery.files[i]!;
    const display = paths.of(file.path);
    if (result.ok) {
      modules.push({ id: modules.length, compiled: result.module, display, status: 'pending', policies: [] });
      return;
    }
    for (const problem of result.problems) {
      const at = paths.of(problem.file);
      const key = `${at}:${problem.line}:${problem.column}:${problem.message}`;
      if (reported.has(key)) continue; // a broken helper imported by several policy files
      reported.add(key);
      const via = at === display ? '' : ` (imported by ${display})`;
      loadFindings.push(
        policyFileFinding(at, pointRange(problem.line, problem.column), `Policy file ${at}:${problem.line}:${problem.column} could not be compiled${via}: ${problem.message}`, problem.message, {
          errorLine: problem.line,
          errorColumn: problem.column,
          error: problem.message,
        }),
      );
    }
  });
  const startError = await starting;
  if (modules.length === 0 || startError !== undefined) {
    await host.stop();
    if (startError !== undefined) throw startError;
    return new UserPolicySession(paths, undefined, [], loadFindings.sort(compareFindings), timeoutMs, true);
  }
  session = new UserPolicySession(paths, host, modules, loadFindings, timeoutMs, true);
  try {
    await session.loadAll();
  } catch (error) {
    await host.stop();
    throw error;
  }
  loadFindings.sort(compareFindings);
  return session;
}

class UserPolicySession implements UserPolicySet {
  private loaded: LoadedPolicy[] = [];
  private ruleList: Rule[] = [];
  /** Where findings go now: loadFindings while loading, the run's findings while running. */
  private sink: Finding[];
  /** The module of the request in flight, to blame errors that carry no frame. */
  private current: ModuleState | undefined;
  private sentResources: readonly Resource[] | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly paths: DisplayPaths,
    private readonly host: PolicyWorkerHost | undefined,
    private readonly modules: ModuleState[],
    readonly loadFindings: Finding[],
    private readonly timeoutMs: number,
    withErrorRule: boolean,
  ) {
    this.sink = loadFindings;
    this.ruleList = withErrorRule ? [POLICY_ERROR_RULE] : [];
  }

  get rules(): readonly Rule[] {
    return this.ruleList;
  }

  get policies(): readonly PolicyIdentity[] {
    return this.loaded.map((p) => ({ ruleId: p.ruleId, file: p.file }));
  }

  /** Imports every module once, then checks rule metadata across modules. */
  async loadAll(): Promise<void> {
    for (const module of this.modules) {
      await this.ensureWorker();
      module.status = (await this.loadModule(module)) ? 'loaded' : 'failed';
    }
    const byId = new Map<string, LoadedPolicy>();
    for (const module of this.modules) {
      if (module.status !== 'loaded') continue;
      module.policies.forEach((p, index) => {
        if (!p.ok) {
          const which = p.id !== undefined ? `Policy ${p.id}` : 'A policy';
          this.sink.push(this.ruleProblem(module, p.id, `${which} in ${module.display} was not loaded: ${p.problem}`, p.problem));
          return;
        }
        const previous = byId.get(p.rule.id);
        if (previous && !sameRule(previous.rule, p.rule)) {
          const problem = `rule id ${p.rule.id} is already declared by ${previous.file} with different metadata; give each rule its own id, or share one Rule object between the policies`;
          this.sink.push(this.ruleProblem(module, p.rule.id, `Policy ${p.rule.id} in ${module.display} was not loaded: ${problem}`, problem));
          return;
        }
        const policy: LoadedPolicy = { ruleId: p.rule.id, file: module.display, module, index, rule: previous?.rule ?? p.rule };
        if (!previous) byId.set(p.rule.id, policy);
        this.loaded.push(policy);
      });
    }
    this.ruleList = [...byId.values()].map((p) => p.rule).concat(POLICY_ERROR_RULE);
    if (this.loaded.length === 0) await this.host?.stop();
  }

  run(resources: readonly Resource[], options: PolicySetRunOptions = {}): Promise<Finding[]> {
    const next = this.queue.then(() => this.runNow(resources, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.host?.stop();
  }

  /** Reported by the host: an error outside any request (a timer a policy set up threw). */
  uncaught(error: WireError): void {
    const file = error.frame ? this.paths.of(error.frame.file) : (this.current ?? this.modules[0])?.display;
    if (file === undefined) return;
    const range = error.frame ? pointRange(error.frame.line, error.frame.column) : { ...FILE_START };
    const reason = describeWireError(error);
    this.sink.push(
      policyFileFinding(file, range, `Policy code in ${error.frame ? this.paths.frame(error.frame) : file} failed outside a check (in a callback or promise it started): ${reason}`, reason, {
        error: reason,
      }),
    );
  }

  private async runNow(resources: readonly Resource[], options: PolicySetRunOptions): Promise<Finding[]> {
    if (this.closed) throw new Error('the user policy set is closed');
    const findings: Finding[] = [];
    if (!this.host || this.loaded.length === 0) return findings;
    this.sink = findings;
    try {
      const wire = resources.map(toWire);
      for (const policy of this.loaded) {
        if (policy.disabled) {
          findings.push(stoppedFinding(policy, undefined, `did not run: ${policy.disabled}`));
          continue;
        }
        await this.ensureWorker();
        if (policy.module.status !== 'loaded') continue;
        if (this.sentResources !== resources) {
          try {
            await this.host.request({ type: 'resources', resources: wire }, RESOURCES_TIMEOUT_MS);
          } catch (error) {
            if (!(error instanceof WorkerTimeout) && !(error instanceof WorkerCrash)) throw error;
            // Too many resources for the worker's memory limit: no user policy can run.
            const what = `did not run: the policy worker could not take the ${resources.length} resources of the run (${error.message}); raise the policy memory limit`;
            for (const p of this.loaded) if (!p.disabled) findings.push(stoppedFinding(p, undefined, what));
            return findings;
          }
          this.sentResources = resources;
        }
        await this.check(policy, resources, options, findings);
      }
    } finally {
      this.sink = this.loadFindings;
      this.current = undefined;
    }
    return findings;
  }

  private async check(policy: LoadedPolicy, resources: readonly Resource[], options: PolicySetRunOptions, out: Finding[]): Promise<void> {
    const context = {
      options: { ...(options.ruleOptions?.[policy.ruleId] ?? {}) },
      ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
      ...(options.pssVersion !== undefined ? { pssVersion: options.pssVersion } : {}),
      ...(options.repository !== undefined ? { repositoryRoot: options.repository.root } : {}),
    };
    let reply: WorkerMessage;
    this.current = policy.module;
    try {
      reply = await this.host!.request({ type: 'check', module: policy.module.id, policy: policy.index, context }, this.timeoutMs);
    } catch (error) {
      if (!(error instanceof WorkerTimeout) && !(error instanceof WorkerCrash)) throw error;
      this.sentResources = undefined;
      const what = error instanceof WorkerTimeout ? `timed out after ${error.timeoutMs} ms` : `crashed the policy worker (${error.message})`;
      policy.disabled = `it ${what} in an earlier run`;
      const at = error.resourceIndex >= 0 ? resources[error.resourceIndex] : undefined;
      out.push(stoppedFinding(policy, at, what));
      return;
    } finally {
      this.current = undefined;
    }
    if (reply.type !== 'checked') throw new Error(`policy worker: unexpected reply ${reply.type}`);
    for (const v of reply.violations) {
      const resource = resources[v.resource]!;
      const target: ResourceTarget = { type: 'resource', resource, object: resource.object, pointer: '' };
      out.push(
        violationToFinding(policy.rule, target, {
          message: v.message,
          pointer: v.pointer,
          ...(v.severity ? { severity: v.severity } : {}),
          ...(v.properties ? { properties: v.properties } : {}),
        }),
      );
    }
    for (const e of reply.errors) out.push(checkErrorFinding(policy, resources[e.resource]!, e.error, this.paths));
  }

  /** Starts a worker when there is none (first use, or after a time-out) and loads the modules that loaded before. */
  private async ensureWorker(): Promise<void> {
    const host = this.host!;
    while (!host.running) {
      await host.start();
      this.sentResources = undefined;
      for (const module of this.modules) {
        if (module.status !== 'loaded') continue;
        if (!(await this.loadModule(module))) module.status = 'failed';
        if (!host.running) break;
      }
    }
  }

  /** Imports one module into the worker; a failure becomes a finding and `false`. */
  private async loadModule(module: ModuleState): Promise<boolean> {
    const { compiled } = module;
    this.current = module;
    let reply: WorkerMessage;
    try {
      reply = await this.host!.request(
        { type: 'load', module: module.id, display: module.display, code: compiled.code, sourceMap: compiled.sourceMap, lineOnePrefix: compiled.lineOnePrefix },
        this.timeoutMs,
      );
    } catch (error) {
      if (!(error instanceof WorkerTimeout) && !(error instanceof WorkerCrash)) throw error;
      const what = error instanceof WorkerTimeout ? `its top-level code timed out after ${error.timeoutMs} ms` : `its top-level code crashed the policy worker (${error.message})`;
      this.sink.push(policyFileFinding(module.display, { ...FILE_START }, `Policy file ${module.display} was not loaded: ${what}.`, what, { error: what }));
      return false;
    } finally {
      this.current = undefined;
    }
    if (reply.type === 'loaded') {
      if (module.status === 'loaded' && reply.policies.length !== module.policies.length) {
        const what = 'it exported a different number of policies when loaded again';
        this.sink.push(policyFileFinding(module.display, { ...FILE_START }, `Policy file ${module.display} was not loaded: ${what}.`, what));
        return false;
      }
      if (module.status !== 'loaded') module.policies = reply.policies;
      return true;
    }
    if (reply.type !== 'load-failed') throw new Error(`policy worker: unexpected reply ${reply.type}`);
    const reason = describeWireError(reply.error);
    if (reply.reason === 'no-policy') {
      const what = reply.error.message.startsWith('exports ') ? `it ${reply.error.message}` : reply.error.message;
      const hint = 'helpers that export no policy belong in files or folders whose names start with "_"';
      this.sink.push(policyFileFinding(module.display, { ...FILE_START }, `Policy file ${module.display} was not loaded: ${what} (${hint}).`, reply.error.message));
      return false;
    }
    const frame = reply.error.frame;
    const where = frame ? ` at ${this.paths.frame(frame)}` : '';
    const file = frame ? this.paths.of(frame.file) : module.display;
    const via = file === module.display ? '' : ` (imported by ${module.display})`;
    this.sink.push(
      policyFileFinding(
        file,
        frame ? pointRange(frame.line, frame.column) : { ...FILE_START },
        `Policy file ${module.display} was not loaded: its top-level code threw${where}${via}: ${reason}`,
        reason,
        { ...(frame ? { errorLine: frame.line, errorColumn: frame.column } : {}), error: reason },
      ),
    );
    return false;
  }

  private ruleProblem(module: ModuleState, id: string | undefined, message: string, detail: string): Finding {
    const text = module.compiled.entryText;
    const range = (id !== undefined ? findQuoted(text, id) : undefined) ?? { ...FILE_START };
    return policyFileFinding(module.display, range, message, detail, id !== undefined ? { policy: id } : {});
  }
}

function toWire(resource: Resource): WireResource {
  const wire: WireResource = {
    apiVersion: resource.apiVersion,
    kind: resource.kind,
    name: resource.name,
    object: resource.object,
    source: resource.source,
    documentPointer: resource.documentPointer,
  };
  if (resource.namespace !== undefined) wire.namespace = resource.namespace;
  return wire;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`loadUserPolicies: ${name} must be a positive number, got ${value}`);
  return Math.ceil(value);
}
