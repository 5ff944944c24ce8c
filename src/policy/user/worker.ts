/**
 * The policy worker: imports the bundled user policy modules and runs their checks.
 *
 * It runs in a worker_threads Worker so that the host can stop a policy that never returns
 * (synchronous code cannot be interrupted on its own thread; `worker.terminate()` can) and cap
 * its memory (`resourceLimits`). The host (host.ts) sends one request at a time and times it.
 * Resources arrive once per run by structured clone; `locate()` cannot cross threads, so checks
 * report JSON pointers and the host maps them to ranges.
 *
 * Only the host starts this module (as a worker); nothing imports it.
 */
import { SourceMap } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { isSeverity, type Resource } from '../../model/index.js';
import { resolvePointer } from '../ts/findings.js';
import { createRepositoryView, createResourceIndex, policiesFromModule, targetFor } from '../ts/index.js';
import { parseStack } from '../ts/stack.js';
import type { Policy, PolicyContext, RepositoryView, ResourceIndex, Target, TargetPath } from '../ts/types.js';
import type {
  CheckRequest,
  HostMessage,
  LoadRequest,
  SourceFrame,
  WireCheckError,
  WireError,
  WirePolicy,
  WireResource,
  WireViolation,
  WorkerMessage,
} from './protocol.js';
import { checkKinds, checkUserRule } from './rule-check.js';

interface LoadedModule {
  display: string;
  sourceURL: string;
  map: SourceMap;
  lineOnePrefix: Record<string, number>;
  policies: Policy[];
}

const port = parentPort;
if (!port) throw new Error('policy worker: must run in a worker thread');
const data = workerData as { progress: SharedArrayBuffer; api: string };
const progress = new Int32Array(data.progress);

const modules = new Map<number, LoadedModule>();
const bySourceURL = new Map<string, LoadedModule>();
let resources: Resource[] = [];
let index: ResourceIndex = createResourceIndex([]);
let repository: RepositoryView | undefined;

// User frames can sit below a few frames of the policy API; keep enough of the stack to find them.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

port.on('message', (message: HostMessage) => {
  switch (message.type) {
    case 'load':
      void load(message);
      break;
    case 'resources':
      resources = message.resources.map(toResource);
      index = createResourceIndex(resources);
      post({ type: 'resources-ready', id: message.id });
      break;
    case 'check':
      post(check(message));
      break;
  }
});

// Errors no check caught (a timer callback that threw, a promise nobody awaited) are reported, not fatal.
process.on('uncaughtException', (error) => post({ type: 'uncaught', error: describeError(error) }));
process.on('unhandledRejection', (reason) => post({ type: 'uncaught', error: describeError(reason) }));

// The API module policies import is loaded before the first time budget starts.
await import(data.api);
post({ type: 'ready' });

async function load(request: LoadRequest): Promise<void> {
  const sourceURL = `syncgate-policy-${request.module}.mjs`;
  const loaded: LoadedModule = {
    display: request.display,
    sourceURL,
    map: new SourceMap({ file: sourceURL, sourceRoot: '', sourcesContent: [], ...request.sourceMap }),
    lineOnePrefix: request.lineOnePrefix,
    policies: [],
  };
  bySourceURL.set(sourceURL, loaded);
  // A data: URL keeps the bundle in memory (no temporary files); sourceURL names it in stack traces
  // so that frames can be mapped back to the user's files through the bundle's source map.
  const code = `${request.code}\n//# sourceURL=${sourceURL}\n`;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, unknown>;
  } catch (error) {
    post({ type: 'load-failed', id: request.id, reason: 'threw', error: describeError(error) });
    return;
  }
  try {
    loaded.policies = policiesFromModule(namespace, request.display);
  } catch (error) {
    const described = describeError(error);
    const prefix = `${request.display}: `;
    if (described.message.startsWith(prefix)) described.message = described.message.slice(prefix.length);
    delete described.frame;
    post({ type: 'load-failed', id: request.id, reason: 'no-policy', error: described });
    return;
  }
  modules.set(request.module, loaded);
  const policies: WirePolicy[] = loaded.policies.map((p) => {
    const kindsProblem = checkKinds(p.kinds);
    const checked = checkUserRule(p.rule);
    const kinds: WirePolicy['kinds'] = p.kinds === 'workloads' ? 'workloads' : [...p.kinds];
    if (kindsProblem !== undefined) return { ok: false, id: typeof p.rule.id === 'string' ? p.rule.id : undefined, problem: kindsProblem, kinds };
    return { ...checked, kinds };
  });
  post({ type: 'loaded', id: request.id, policies });
}

function check(request: CheckRequest): WorkerMessage {
  const policy = modules.get(request.module)?.policies[request.policy];
  if (!policy) throw new Error(`policy worker: no policy ${request.module}/${request.policy}`);
  const ctx: PolicyContext = { resources: index, options: deepFreeze(request.context.options) };
  if (request.context.kubernetesVersion !== undefined) ctx.kubernetesVersion = request.context.kubernetesVersion;
  if (request.context.pssVersion !== undefined) ctx.pssVersion = request.context.pssVersion;
  const root = request.context.repositoryRoot;
  if (root !== undefined) {
    if (repository?.root !== root) repository = createRepositoryView(root);
    ctx.repository = repository;
  }
  const violations: WireViolation[] = [];
  const errors: WireCheckError[] = [];
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i]!;
    let target: Target | undefined;
    try {
      target = targetFor(policy, resource);
    } catch (error) {
      errors.push({ resource: i, error: describeError(error) });
      continue;
    }
    if (!target) continue;
    Atomics.store(progress, 0, i);
    try {
      const result = (policy.check as (t: Target, c: PolicyContext) => unknown)(target, ctx);
      if (result === undefined || result === null) continue;
      if (typeof (result as PromiseLike<unknown>).then === 'function') {
        throw new TypeError('check returned a Promise; checks must be synchronous: return or yield violations');
      }
      if (typeof result === 'string' || typeof (result as Iterable<unknown>)[Symbol.iterator] !== 'function') {
        throw new TypeError(`check must return or yield violations, got ${describeValue(result)}`);
      }
      for (const v of result as Iterable<unknown>) violations.push(toWireViolation(v, target, i));
    } catch (error) {
      errors.push({ resource: i, error: describeError(error) });
    }
  }
  Atomics.store(progress, 0, -1);
  return { type: 'checked', id: request.id, violations, errors };
}

function toWireViolation(value: unknown, target: Target, resource: number): WireViolation {
  if (typeof value !== 'object' || value === null || typeof (value as { message?: unknown }).message !== 'string') {
    throw new TypeError(`a violation must be an object with a string \`message\`, got ${describeValue(value)}`);
  }
  const v = value as { message: string; path?: unknown; pointer?: unknown; severity?: unknown; properties?: unknown };
  let pointer: string;
  if (v.pointer !== undefined) {
    if (typeof v.pointer !== 'string' || (v.pointer !== '' && !v.pointer.startsWith('/'))) {
      throw new TypeError(`a violation's \`pointer\` must be a JSON pointer such as "/metadata/labels", got ${describeValue(v.pointer)}`);
    }
    pointer = v.pointer;
  } else {
    if (v.path !== undefined && typeof v.path !== 'string' && !(Array.isArray(v.path) && v.path.every((t) => typeof t === 'string' || typeof t === 'number'))) {
      throw new TypeError(`a violation's \`path\` must be a JSON pointer or a list of keys and indexes, got ${describeValue(v.path)}`);
    }
    pointer = resolvePointer(target, v.path as TargetPath | undefined);
  }
  const wire: WireViolation = { resource, message: v.message, pointer };
  if (v.severity !== undefined) {
    if (!isSeverity(v.severity)) throw new TypeError(`a violation's \`severity\` must be one of critical, high, medium, low, info, got ${describeValue(v.severity)}`);
    wire.severity = v.severity;
  }
  if (v.properties !== undefined) {
    if (typeof v.properties !== 'object' || v.properties === null || Array.isArray(v.properties)) {
      throw new TypeError(`a violation's \`properties\` must be an object, got ${describeValue(v.properties)}`);
    }
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(v.properties));
    } catch (error) {
      throw new TypeError(`a violation's \`properties\` must be JSON data: ${(error as Error).message}`);
    }
    wire.properties = copy as Record<string, unknown>;
  }
  return wire;
}

/** Frozen so that one policy cannot change what the next one sees. */
function toResource(wire: WireResource): Resource {
  deepFreeze(wire.object);
  deepFreeze(wire.source);
  return Object.freeze({ ...wire, locate: noLocate });
}

function noLocate(): never {
  throw new Error('resource.locate() is not available to user policies (they run in a worker thread); yield a violation with a `path` or `pointer` and syncgate finds its line');
}

function deepFreeze<T>(root: T): T {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return root;
}

/** Name, message and the innermost frame in a policy's own files (through the bundle's source map). */
function describeError(error: unknown): WireError {
  let name = 'Error';
  let message: string;
  let stack: string | undefined;
  try {
    if (error instanceof Error) {
      name = String(error.name);
      message = String(error.message);
      stack = typeof error.stack === 'string' ? error.stack : undefined;
    } else {
      name = 'Thrown value';
      message = describeValue(error);
    }
  } catch {
    message = 'an error that cannot be described';
  }
  const described: WireError = { name, message };
  for (const frame of parseStack(stack)) {
    const mapped = mapFrame(frame);
    if (mapped) {
      described.frame = mapped;
      break;
    }
  }
  return described;
}

function mapFrame(frame: SourceFrame): SourceFrame | undefined {
  const module = bySourceURL.get(frame.file);
  if (!module) return undefined;
  const entry = module.map.findEntry(frame.line - 1, frame.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  const shift = entry.originalLine === 0 ? (module.lineOnePrefix[entry.originalSource] ?? 0) : 0;
  return { file: entry.originalSource, line: entry.originalLine + 1, column: Math.max(1, entry.originalColumn + 1 - shift) };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value)}`;
  return `${typeof value} ${String(value)}`;
}
