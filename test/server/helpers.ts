import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import {
  GateStore,
  loadGate,
  ServerMetrics,
  silentLogger,
  startAdmissionServer,
  DEFAULT_SERVER_OPTIONS,
  type AdmissionServerOptions,
  type GateSource,
  type RunningServer,
} from '../../src/server/index.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface KeyPair {
  cert: string;
  key: string;
}

/** A fresh self-signed EC certificate for localhost and 127.0.0.1. */
export async function makeKeyPair(cn = 'localhost'): Promise<KeyPair> {
  const pems = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export function tempDir(prefix = 'syncgate-server-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A policy module as users write them: plain ESM importing the policy API from 'syncgate'. */
export function writePolicy(file: string, body: string): void {
  writeFileSync(file, `import { definePolicy } from 'syncgate';\n${body}\n`);
}

export const rule = (id: string, severity: string) =>
  `{ id: ${JSON.stringify(id)}, title: ${JSON.stringify(id)}, severity: ${JSON.stringify(severity)}, description: 'test', remediation: 'fix it', helpUri: 'https://example.test/', tags: [] }`;

export interface TestServer {
  running: RunningServer;
  store: GateStore;
  metrics: ServerMetrics;
  pair: KeyPair;
  close(): Promise<void>;
}

export async function startTestServer(source: GateSource, pair: KeyPair, overrides: Partial<AdmissionServerOptions> = {}): Promise<TestServer> {
  const metrics = new ServerMetrics();
  const store = new GateStore({ load: () => loadGate(source), initialWatchPaths: [], pollMs: 60_000, logger: silentLogger, metrics });
  await store.start();
  const running = await startAdmissionServer({
    ...DEFAULT_SERVER_OPTIONS,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: pair.cert, key: pair.key },
    store,
    logger: silentLogger,
    metrics,
    ...overrides,
  });
  return {
    running,
    store,
    metrics,
    pair,
    async close() {
      await running.close();
      store.close();
    },
  };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

/** One HTTPS request on a fresh connection, verified against the test CA. */
export function send(port: number, pair: KeyPair, options: { method?: string; path?: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const reqOptions: RequestOptions = {
    host: '127.0.0.1',
    port,
    method: options.method ?? 'POST',
    path: options.path ?? '/validate',
    ca: pair.cert,
    servername: 'localhost',
    agent: false,
    headers: { ...(options.contentType !== '' ? { 'Content-Type': options.contentType ?? 'application/json' } : {}), ...options.headers },
  };
  return new Promise((resolve, reject) => {
    const req = request(reqOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('test request timed out')));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let uidCounter = 0;

/** An AdmissionReview for `object`, the way the API server sends it. */
export function review(object: Record<string, unknown> | null, extra: Record<string, unknown> = {}, apiVersion = 'admission.k8s.io/v1'): Record<string, any> {
  const kind = String(object?.['kind'] ?? 'Pod');
  const apiV = String(object?.['apiVersion'] ?? 'v1');
  const [group, version] = apiV.includes('/') ? apiV.split('/') : ['', apiV];
  const metadata = (object?.['metadata'] ?? {}) as Record<string, unknown>;
  return {
    apiVersion,
    kind: 'AdmissionReview',
    request: {
      uid: `uid-${++uidCounter}-${Math.random().toString(16).slice(2)}`,
      kind: { group, version, kind },
      resource: { group, version, resource: kind.toLowerCase() + 's' },
      name: metadata['name'],
      namespace: metadata['namespace'] ?? 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:flux-system:kustomize-controller' },
      object,
      oldObject: null,
      dryRun: false,
      ...extra,
    },
  };
}

export const goodDeployment = (name = 'web'): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry.example/web:1.2.3',
            ports: [{ containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          },
        ],
      },
    },
  },
});

export const privilegedPod = (): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'root-shell', namespace: 'shop' },
  spec: { containers: [{ name: 'shell', image: 'busybox:1.36', securityContext: { privileged: true } }] },
});
