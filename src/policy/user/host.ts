import { Worker } from 'node:worker_threads';
import type { RuntimeFiles } from './runtime.js';
import { PROGRESS_SLOTS, type HostMessage, type WireError, type WorkerMessage } from './protocol.js';

/** The worker did not answer within the time budget and was terminated. */
export class WorkerTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    /** Index of the resource being checked when time ran out, or -1. */
    readonly resourceIndex: number,
  ) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/** The worker died (out of memory, process.exit() in a policy, ...) while a request was pending. */
export class WorkerCrash extends Error {
  constructor(
    reason: string,
    /** Index of the resource being checked when the worker died, or -1. */
    readonly resourceIndex: number,
  ) {
    super(reason);
  }
}

export interface HostOptions {
  runtime: RuntimeFiles;
  memoryLimitMb: number;
  /** Errors the worker reports outside any request (a policy's timer callback that threw). */
  onUncaught(error: WireError): void;
}

/** How long a worker may take to start (compiling syncgate's own modules when run from source). */
const STARTUP_TIMEOUT_MS = 60_000;

type Request = HostMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

interface Pending {
  id: number;
  resolve(message: WorkerMessage): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Owns one policy worker at a time: starts it, sends one request at a time with a time budget, and
 * terminates it when the budget runs out. After a time-out or a crash the host is stopped; the
 * caller starts a new worker (and loads the modules again) for what is left.
 */
export class PolicyWorkerHost {
  private worker: Worker | undefined;
  private progress = new Int32Array(new SharedArrayBuffer(4 * PROGRESS_SLOTS));
  private pending: Pending | undefined;
  private nextId = 1;
  private deathReason: string | undefined;

  constructor(private readonly options: HostOptions) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.progress = new Int32Array(new SharedArrayBuffer(4 * PROGRESS_SLOTS));
    Atomics.store(this.progress, 0, -1);
    const { runtime } = this.options;
    const options = {
      workerData: { progress: this.progress.buffer, api: runtime.api.href },
      // No inherited flags (--inspect, loaders of the parent): the worker runs policies only.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryLimitMb },
      // What policies print must not end up in a report written to standard output.
      stdout: true,
      stderr: true,
    };
    const worker = runtime.tsxApi
      ? new Worker(
          `import(${JSON.stringify(runtime.tsxApi.href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(runtime.worker.href)}); });`,
          { ...options, eval: true },
        )
      : new Worker(runtime.worker, options);
    worker.stdout.pipe(process.stderr, { end: false });
    worker.stderr.pipe(process.stderr, { end: false });
    this.worker = worker;
    this.deathReason = undefined;
    worker.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
    worker.on('error', (error) => this.onDeath(worker, describeWorkerError(error, this.options.memoryLimitMb)));
    worker.on('messageerror', (error) => this.onDeath(worker, `a message from it could not be read: ${error.message}`));
    worker.on('exit', (code) => this.onDeath(worker, `it exited with code ${code}`));

    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void this.stop();
        reject(new Error(`the policy worker did not start within ${STARTUP_TIMEOUT_MS} ms`));
      }, STARTUP_TIMEOUT_MS);
      const onMessage = (message: WorkerMessage): void => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`the policy worker could not start: ${this.deathReason ?? 'it exited'}`));
      });
    });
    // A forgotten close() must not keep the process alive; pending requests hold a timer that does.
    worker.unref();
    await ready;
  }

  /** Sends one request; rejects with WorkerTimeout (worker terminated) or WorkerCrash. */
  request(message: Request, timeoutMs: number): Promise<WorkerMessage> {
    const worker = this.worker;
    // It may have died while idle (a policy's timer called process.exit()): the caller starts another.
    if (!worker) return Promise.reject(new WorkerCrash(this.deathReason ?? 'it is not running', -1));
    if (this.pending) return Promise.reject(new Error('the policy worker is busy'));
    const id = this.nextId++;
    return new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        const resourceIndex = Atomics.load(this.progress, 0);
        this.pending = undefined;
        this.kill(worker);
        reject(new WorkerTimeout(timeoutMs, resourceIndex));
      }, timeoutMs);
      this.pending = { id, resolve, reject, timer };
      try {
        worker.postMessage({ ...message, id } as HostMessage);
      } catch (error) {
        clearTimeout(timer);
        this.pending = undefined;
        reject(error as Error);
      }
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.kill(worker);
    await worker.terminate();
  }

  private kill(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
  }

  private onMessage(worker: Worker, message: WorkerMessage): void {
    if (this.worker !== worker) return;
    if (message.type === 'ready') return;
    if (message.type === 'uncaught') {
      this.options.onUncaught(message.error);
      return;
    }
    const pending = this.pending;
    if (!pending || message.id !== pending.id) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(message);
  }

  private onDeath(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.deathReason = reason;
    this.worker = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new WorkerCrash(reason, Atomics.load(this.progress, 0)));
    }
    void worker.terminate();
  }
}

function describeWorkerError(error: Error, memoryLimitMb: number): string {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory, limit ${memoryLimitMb} MB`;
  return `${error.name}: ${error.message}`;
}
