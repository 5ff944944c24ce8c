import { spawn } from 'node:child_process';

export interface ToolRun {
  /** Exit code 0, not killed, output within bounds. */
  ok: boolean;
  stdout: string;
  stderr: string;
  /** Why it failed, in words a user can act on (timeout, spawn error, exit code and stderr). */
  failure?: string;
  /** The binary could not be started at all (missing, not executable, wrong architecture). */
  notRunnable?: boolean;
}

export interface ToolRunOptions {
  cwd: string;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Stdout beyond this many bytes kills the tool (an untrusted chart must not exhaust memory). */
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

/** Runs a renderer as a child process with a timeout; never throws, never hangs. */
export function runTool(bin: string, args: string[], options: ToolRunOptions): Promise<ToolRun> {
  const maxOut = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    } catch (err) {
      resolve({ ok: false, stdout: '', stderr: '', failure: `cannot start ${bin}: ${(err as Error).message}`, notRunnable: true });
      return;
    }
    const out: Buffer[] = [];
    const errChunks: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let killedFor: string | undefined;
    const kill = (reason: string): void => {
      if (killedFor) return;
      killedFor = reason;
      // The tool may have children of its own (helm plugins, git): kill the whole process group.
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill(`timed out after ${Math.round(options.timeoutMs / 1000)} s and was stopped`), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOut) kill(`printed more than ${Math.round(maxOut / (1024 * 1024))} MiB and was stopped`);
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < MAX_STDERR) errChunks.push(chunk);
      errBytes += chunk.length;
    });
    let spawnError: Error | undefined;
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(errChunks).toString('utf8').slice(0, MAX_STDERR).trim();
      if (spawnError) {
        resolve({ ok: false, stdout, stderr, failure: `cannot run ${bin}: ${spawnError.message}`, notRunnable: true });
      } else if (killedFor) {
        resolve({ ok: false, stdout, stderr, failure: `${bin} ${killedFor}` });
      } else if (code === 126 || code === 127) {
        // The shell's "cannot execute" and "not found": a binary for another machine ends up here.
        resolve({ ok: false, stdout, stderr, failure: `cannot run ${bin}: ${stderr || `exit code ${code}`}`, notRunnable: true });
      } else if (code !== 0) {
        resolve({ ok: false, stdout, stderr, failure: stderr || `${bin} exited with ${code ?? signal}` });
      } else {
        resolve({ ok: true, stdout, stderr });
      }
    });
  });
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
