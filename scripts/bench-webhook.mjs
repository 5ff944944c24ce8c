#!/usr/bin/env node
// Load test of `syncgate serve` on loopback: the full built-in library (strict preset) judging
// a realistic Deployment UPDATE review at a fixed rate.
//
//   npm run bench:webhook                      # 60 s at 200 requests per second, then a burst run
//   node scripts/bench-webhook.mjs --duration 20 --rate 100 --connections 8 --warmup 5
//   node scripts/bench-webhook.mjs --control   # same server, no checks: the machine's floor
//   node scripts/bench-webhook.mjs --burst 0   # skip the burst run
//
// Two load generators from npm, because they model different traffic:
// - loadtest (`requestsPerSecond`) sends one request every 1000/rate ms on keep-alive
//   connections whether or not earlier ones have answered (an open model, as API servers call a
//   webhook). This is the measured run: the last line comes from it.
// - autocannon (`overallRate`) gives each connection a quota per second and sends the quota
//   back to back as soon as answers arrive, then waits for the next second (its httpClient
//   resets `reqsMadeThisSecond` on a 1 s interval). At 200 req/s over 10 connections that is
//   a 10-deep burst at the start of every second: a queueing figure, printed as `burst:`.
//
// The server runs in a child process (its own event loop, as in a cluster); the parent drives
// load and asks the child for its memory after a forced GC, after warm-up and after the run.
// The last line reads: bench-webhook: rps=R p50_ms=A p99_ms=B errors=E mem_growth_pct=G
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv.includes('--child')) await child();
else await parent();

async function child() {
  const { register } = await import('tsx/esm/api');
  register();
  const server = await import(path.join(ROOT, 'src/server/index.ts'));
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  const metrics = new server.ServerMetrics();
  // --control: the same server with a gate that checks nothing, to show the floor of TLS,
  // HTTP and JSON on this machine (a shared machine's scheduling delays show up in both).
  const control = process.argv.includes('--control');
  const noChecks = { options: { failOn: 'high', root: ROOT, schemaLocations: [], crdPaths: [] }, rules: [], check: async () => ({ findings: [], skipped: [] }), close: async () => {} };
  const store = new server.GateStore({
    load: async () => (control ? { gate: noChecks, watchPaths: [] } : server.loadGate({ root: ROOT, flags: { preset: 'strict', strict: true } })),
    initialWatchPaths: [],
    pollMs: 60_000,
    logger: server.silentLogger,
    metrics,
  });
  if (!(await store.start())) throw new Error('policy load failed');
  const running = await server.startAdmissionServer({
    ...server.DEFAULT_SERVER_OPTIONS,
    host: '127.0.0.1',
    port: 0,
    tls: { cert: pems.cert, key: pems.private },
    store,
    logger: server.silentLogger,
    metrics,
  });
  process.on('message', async (msg) => {
    if (msg === 'memory') {
      globalThis.gc?.();
      const m = process.memoryUsage();
      const cpu = process.cpuUsage();
      process.send({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, cpuMs: (cpu.user + cpu.system) / 1000, metrics: metrics.latency.render() });
    } else if (msg === 'stop') {
      store.close();
      await running.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', port: running.port, cert: pems.cert });
}

async function parent() {
  const duration = arg('duration', 60);
  const rate = arg('rate', 200);
  const connections = arg('connections', 10);
  const warmup = arg('warmup', 10);
  const burst = arg('burst', 20);
  const proc = fork(fileURLToPath(import.meta.url), ['--child', ...(process.argv.includes('--control') ? ['--control'] : [])], { execArgv: ['--expose-gc', ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = (type) => new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m?.type === type) {
        proc.off('message', onMessage);
        resolve(m);
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const memory = async () => {
    const m = next('memory');
    proc.send('memory');
    return m;
  };
  const ready = await next('ready');
  const body = JSON.stringify(deploymentReview());
  const url = `https://127.0.0.1:${ready.port}/validate`;
  try {
    const start = await memory();
    process.stdout.write(`server started: rss=${mb(start.rss)} heapUsed=${mb(start.heapUsed)}; request body ${body.length} bytes\n`);
    if (warmup > 0) await paced(url, body, rate, warmup);
    const warm = await memory();
    process.stdout.write(`after ${warmup}s warm-up: rss=${mb(warm.rss)} heapUsed=${mb(warm.heapUsed)}\n`);
    const result = await paced(url, body, rate, duration);
    const end = await memory();
    const serverSide = serverQuantiles(end.metrics, warm.metrics);
    const growth = ((end.heapUsed - warm.heapUsed) / warm.heapUsed) * 100;
    const rssGrowth = ((end.rss - warm.rss) / warm.rss) * 100;
    process.stdout.write(
      [
        `paced run (loadtest, one request every ${(1000 / rate).toFixed(1)} ms): ${duration}s, ${result.requests} requests, ${result.rps} req/s achieved`,
        `latency ms: p50=${result.p50} p90=${result.p90} p95=${result.p95} p99=${result.p99} max=${result.max}`,
        `server CPU: ${((end.cpuMs - warm.cpuMs) / result.requests).toFixed(2)} ms per request (user+system, TLS and HTTP included)`,
        `server-side time (receive to answer, from its histogram, this run): ${serverSide}`,
        `errors=${result.errors} (${JSON.stringify(result.errorCodes)})`,
        `memory after run: rss=${mb(end.rss)} (${rssGrowth.toFixed(1)}% since warm-up) heapUsed=${mb(end.heapUsed)} (${growth.toFixed(1)}% since warm-up, after GC)`,
      ].join('\n') + '\n',
    );
    if (burst > 0) {
      const b = await bursty(url, body, rate, connections, burst, ready.cert);
      process.stdout.write(`burst: autocannon overallRate=${rate} over ${connections} connections, ${burst}s: p50=${b.latency.p50} p90=${b.latency.p90} p99=${b.latency.p99} max=${b.latency.max} errors=${b.errors + b.timeouts + b.non2xx}\n`);
    }
    process.stdout.write(`bench-webhook: rps=${result.rps} p50_ms=${result.p50} p99_ms=${result.p99} errors=${result.errors} mem_growth_pct=${growth.toFixed(1)}\n`);
  } finally {
    proc.send('stop');
  }
}

/** An open-model run: `rate` requests per second, evenly spaced, on keep-alive connections. */
async function paced(url, body, rate, seconds) {
  const { loadTest } = await import('loadtest');
  // loadtest has no option for a CA; the server's certificate is the throwaway one the child
  // generated, on loopback, so verification is switched off for this process only (npm runs it
  // with --no-warnings, so Node's warning about that does not clutter the figures).
  const r = await loadTest({
    url,
    method: 'POST',
    body,
    contentType: 'application/json',
    requestsPerSecond: rate,
    maxSeconds: seconds,
    agentKeepAlive: true,
    insecure: true,
    quiet: true,
  });
  return {
    requests: r.totalRequests,
    rps: r.effectiveRps,
    p50: r.percentiles[50],
    p90: r.percentiles[90],
    p95: r.percentiles[95],
    p99: r.percentiles[99],
    max: r.maxLatencyMs,
    errors: r.totalErrors,
    errorCodes: r.errorCodes,
  };
}

/** autocannon's per-second quota per connection: bursts at the start of every second. */
async function bursty(url, body, rate, connections, seconds, cert) {
  const { default: autocannon } = await import('autocannon');
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    overallRate: rate,
    duration: seconds,
    servername: 'localhost',
    tlsOptions: { ca: cert, servername: 'localhost' },
  });
}

/** Share of requests answered within each histogram bucket during the run, and the bucket holding p50/p99. */
function serverQuantiles(after, before) {
  const buckets = (text) => new Map([...text.matchAll(/_bucket\{le="([^"]+)"\} (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const a = buckets(after);
  const b = buckets(before);
  const total = (a.get('+Inf') ?? 0) - (b.get('+Inf') ?? 0);
  if (!total) return 'no data';
  const within = [...a.entries()].map(([le, n]) => [le, (n - (b.get(le) ?? 0)) / total]);
  const bound = (q) => within.find(([, share]) => share >= q)?.[0] ?? '+Inf';
  const ms = (le) => (le === '+Inf' ? '+Inf' : `${Number(le) * 1000}`);
  return `p50<=${ms(bound(0.5))}ms p99<=${ms(bound(0.99))}ms; ` + within.filter(([le]) => Number(le) <= 0.05).map(([le, share]) => `<=${ms(le)}ms ${(share * 100).toFixed(1)}%`).join(' ');
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)}MiB`;
}

/** A Deployment UPDATE as kubectl apply sends it: several containers, probes, volumes, managedFields. */
function deploymentReview() {
  const container = (name, image, port) => ({
    name,
    image,
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'PORT', value: String(port) },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port }, periodSeconds: 5 },
    livenessProbe: { httpGet: { path: '/healthz', port }, initialDelaySeconds: 10 },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'tmp', mountPath: '/tmp' }],
  });
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'frontend',
      namespace: 'shop',
      uid: '6f1b5f8e-1d7e-4c55-9a57-4f0c9f1d2a11',
      resourceVersion: '884213',
      generation: 14,
      labels: { app: 'frontend', 'app.kubernetes.io/part-of': 'shop', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
      annotations: { 'deployment.kubernetes.io/revision': '14' },
      managedFields: [
        { manager: 'kustomize-controller', operation: 'Apply', apiVersion: 'apps/v1', time: '2026-11-20T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"server"}': { '.': {}, 'f:image': {} } } } } } } },
      ],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'frontend' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'frontend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          serviceAccountName: 'frontend',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container('server', 'registry.example/shop/frontend:v0.10.3', 8080), container('sidecar', 'registry.example/shop/proxy:1.4.2', 9090)],
          initContainers: [{ ...container('migrate', 'registry.example/shop/migrate:v0.10.3', 8081), readinessProbe: undefined, livenessProbe: undefined }],
          volumes: [{ name: 'config', configMap: { name: 'frontend' } }, { name: 'tmp', emptyDir: {} }],
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'frontend' } } }],
        },
      },
    },
    status: { observedGeneration: 13, replicas: 3, readyReplicas: 3, availableReplicas: 3 },
  };
  const old = JSON.parse(JSON.stringify(object));
  old.spec.template.spec.containers[0].image = 'registry.example/shop/frontend:v0.10.2';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'frontend',
      namespace: 'shop',
      operation: 'UPDATE',
      userInfo: { username: 'system:serviceaccount:flux-system:kustomize-controller', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: old,
      dryRun: true,
      options: { kind: 'PatchOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kustomize-controller' },
    },
  };
}
