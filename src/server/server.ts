import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import type { GateStore } from './gate-store.js';
import { failure, judge, type Judgement } from './judge.js';
import type { Logger } from './log.js';
import type { ServerMetrics } from './metrics.js';
import { parseReview, reviewResponse, ReviewError } from './review.js';
import { watchKeyPair, readKeyPair, type TlsFiles } from './tls.js';
import type { Watch } from './watch.js';

export interface AdmissionServerOptions {
  host: string;
  port: number;
  /** Key pair files (watched and reloaded), or the PEM pair itself. */
  tls: TlsFiles | SecureContextOptions;
  store: GateStore;
  logger: Logger;
  metrics: ServerMetrics;
  failOpen: boolean;
  /** Budget for the checks of one request; keep it well under the webhook's timeoutSeconds. */
  timeoutMs: number;
  maxBodyBytes: number;
  /** A client must send its whole body within this time (slowloris). */
  bodyTimeoutMs: number;
  /** How long close() waits for in-flight requests before cutting connections. */
  drainTimeoutMs: number;
  certPollMs: number;
}

export const DEFAULT_SERVER_OPTIONS = {
  host: '0.0.0.0',
  port: 8443,
  failOpen: false,
  timeoutMs: 2000,
  maxBodyBytes: 3 * 1024 * 1024,
  bodyTimeoutMs: 5000,
  drainTimeoutMs: 20_000,
  certPollMs: 10_000,
} as const;

export interface RunningServer {
  readonly port: number;
  readonly server: Server;
  /**
   * Readiness turns false at once; after `delayMs` (still serving, so that endpoint removal
   * reaches the API servers first) it stops accepting, answers in-flight requests, then closes.
   */
  close(options?: { delayMs?: number }): Promise<void>;
}

export const ADMISSION_PATH = '/validate';

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly type: string) {
    super(message);
  }
}

export async function startAdmissionServer(options: AdmissionServerOptions): Promise<RunningServer> {
  const { store, logger, metrics } = options;
  const files = 'certFile' in options.tls ? (options.tls as TlsFiles) : undefined;
  const keyPair = files ? readKeyPair(files) : (options.tls as SecureContextOptions);
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  const server = createServer({
    ...keyPair,
    minVersion: 'TLSv1.2',
    // Slow or idle clients: whole headers within 5 s; the body has its own timer below.
    headersTimeout: 5000,
    requestTimeout: Math.max(options.bodyTimeoutMs * 2, 10_000),
    keepAliveTimeout: 30_000,
    connectionsCheckingInterval: 1000,
    maxHeaderSize: 16 * 1024,
  });
  server.on('tlsClientError', () => metrics.errors.inc({ type: 'tls' }));
  server.on('clientError', (_err, socket) => {
    metrics.errors.inc({ type: 'client' });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && url === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
    if (req.method === 'GET' && url === '/readyz') {
      const ready = store.current !== undefined && !draining;
      return send(res, ready ? 200 : 503, 'text/plain', ready ? 'ready\n' : 'not ready\n');
    }
    if (req.method === 'GET' && url === '/metrics') return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', metrics.render());
    if (url !== ADMISSION_PATH) return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    inFlight += 1;
    metrics.inFlight.set(inFlight);
    const started = performance.now();
    void handleAdmission(req, res, started)
      .catch((err: unknown) => {
        // Nothing below should throw; if it does, answer without details and keep serving.
        metrics.errors.inc({ type: 'internal' });
        logger.error('internal error', { error: (err as Error)?.message ?? String(err) });
        sendJson(res, 500, { error: 'internal error' });
      })
      .finally(() => {
        inFlight -= 1;
        metrics.inFlight.set(inFlight);
        metrics.latency.observe((performance.now() - started) / 1000);
        if (draining && inFlight === 0) drained?.();
      });
  });

  async function handleAdmission(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    let body: unknown;
    try {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new HttpError(415, 'content type must be application/json', 'unsupported_media_type');
      const text = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs);
      try {
        body = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'request body is not valid JSON', 'bad_json');
      }
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(400, 'could not read the request', 'read');
      metrics.errors.inc({ type: e.type });
      metrics.requests.inc({ operation: 'unknown', outcome: 'rejected' });
      logger.warn('request rejected', { status: e.status, reason: e.message, remote: req.socket.remoteAddress });
      return sendJson(res, e.status, { error: e.message }, e.status === 413 || e.status === 408);
    }
    let review;
    try {
      review = parseReview(body);
    } catch (err) {
      const message = err instanceof ReviewError ? err.message : 'invalid AdmissionReview';
      metrics.errors.inc({ type: 'bad_review' });
      metrics.requests.inc({ operation: 'unknown', outcome: 'rejected' });
      logger.warn('request rejected', { status: 400, reason: message });
      return sendJson(res, 400, { error: message });
    }
    const { request } = review;
    const gate = store.current; // taken once: a reload during this request does not affect it
    let judgement: Judgement;
    if (!gate) judgement = failure(request.uid, options, 'internal-error', 'syncgate has no policy set loaded');
    else {
      // The budget runs from the first byte of the request: a slow upload uses it up too.
      const deadline = started + options.timeoutMs;
      judgement =
        performance.now() > deadline
          ? failure(request.uid, options, 'timeout', `syncgate did not receive the request within ${options.timeoutMs} ms`)
          : await judge(request, gate, { failOpen: options.failOpen, timeoutMs: options.timeoutMs, deadline });
    }
    metrics.requests.inc({ operation: request.operation, outcome: judgement.outcome });
    for (const rule of judgement.deniedRules) metrics.ruleDecisions.inc({ rule, decision: 'deny' });
    for (const rule of judgement.warnedRules) metrics.ruleDecisions.inc({ rule, decision: 'warn' });
    if (judgement.outcome === 'policy-error' || judgement.outcome === 'timeout' || judgement.outcome === 'internal-error') metrics.errors.inc({ type: judgement.outcome });
    logger[judgement.response.allowed ? 'debug' : 'info']('admission', {
      uid: request.uid,
      operation: request.operation,
      kind: request.kind.kind,
      namespace: request.namespace,
      name: request.name,
      dryRun: request.dryRun,
      allowed: judgement.response.allowed,
      outcome: judgement.outcome,
      rules: judgement.deniedRules,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
    sendJson(res, 200, reviewResponse(review.apiVersion, judgement.response));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const certWatch: Watch | undefined = files ? watchKeyPair(server, files, { pollMs: options.certPollMs, logger, metrics }) : undefined;
  const port = (server.address() as AddressInfo).port;
  logger.info('listening', { host: options.host, port, failOpen: options.failOpen, timeoutMs: options.timeoutMs });

  let closing: Promise<void> | undefined;
  return {
    port,
    server,
    close(closeOptions = {}) {
      closing ??= (async () => {
        draining = true;
        if (closeOptions.delayMs) await new Promise((resolve) => setTimeout(resolve, closeOptions.delayMs));
        certWatch?.close();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => (drained = resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, options.drainTimeoutMs).unref()),
          ]);
        }
        server.closeAllConnections();
        await stopped;
        logger.info('stopped', { inFlight });
      })();
      return closing;
    },
  };
}

/** The body as text, within the size limit and the time limit. */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      return reject(new HttpError(413, `request body is larger than ${maxBytes} bytes`, 'payload_too_large'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        req.removeAllListeners('data');
        req.resume();
        reject(err);
      } else resolve(text!);
    };
    const timer = setTimeout(() => finish(new HttpError(408, 'request body not received in time', 'slow_client')), timeoutMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(new HttpError(413, `request body is larger than ${maxBytes} bytes`, 'payload_too_large'));
      chunks.push(chunk);
    });
    req.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish(new HttpError(400, 'could not read the request', 'read')));
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
  if (closeConnection) headers['Connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
}
