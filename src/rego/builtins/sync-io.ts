/**
 * Synchronous network I/O for the network builtins (http.send, net.lookup_ip_addr),
 * which only run when network access is enabled. Evaluation is synchronous, so
 * the request runs in a short-lived Node child process and the caller blocks on
 * it (with a timeout) — acceptable for the rare policy that reaches the network.
 */
import { spawnSync } from 'node:child_process';

/** Run an ESM script in a child Node with `input` as JSON on stdin; the script prints one JSON value. */
export function runNodeChild(script: string, input: unknown, timeoutMs: number, env: NodeJS.ProcessEnv = {}): unknown {
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: timeoutMs + 2000,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(res.stderr.trim().split('\n').pop() || `child exited with ${res.status}`);
  return JSON.parse(res.stdout) as unknown;
}

const READ_STDIN = `
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = (v) => process.stdout.write(JSON.stringify(v));
`;

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  followRedirects: boolean;
}

export interface HttpResponse {
  ok: boolean;
  status?: number;
  statusText?: string;
  headers?: Record<string, string[]>;
  body?: string;
  error?: string;
}

const HTTP_SCRIPT = `${READ_STDIN}
try {
  const res = await fetch(input.url, {
    method: input.method,
    headers: input.headers,
    body: input.body,
    redirect: input.followRedirects ? 'follow' : 'manual',
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  const body = Buffer.from(await res.arrayBuffer()).toString('utf8');
  const headers = {};
  res.headers.forEach((v, k) => { (headers[k] ??= []).push(v); });
  out({ ok: true, status: res.status, statusText: res.statusText, headers, body });
} catch (e) {
  out({ ok: false, error: String(e?.cause?.message ?? e?.message ?? e) });
}
`;

export function httpRequest(req: HttpRequest, insecure: boolean): HttpResponse {
  return runNodeChild(HTTP_SCRIPT, req, req.timeoutMs, insecure ? { NODE_TLS_REJECT_UNAUTHORIZED: '0' } : {}) as HttpResponse;
}

const LOOKUP_SCRIPT = `${READ_STDIN}
import('node:dns').then(async ({ promises }) => {
  try {
    const list = await promises.lookup(input.name, { all: true });
    out({ ok: true, addresses: list.map((a) => a.address) });
  } catch (e) {
    out({ ok: false, error: String(e?.message ?? e) });
  }
});
`;

export function lookupIPs(name: string, timeoutMs = 5000): { ok: boolean; addresses?: string[]; error?: string } {
  return runNodeChild(LOOKUP_SCRIPT, { name }, timeoutMs) as { ok: boolean; addresses?: string[]; error?: string };
}
