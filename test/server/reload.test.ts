import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type PeerCertificate } from 'node:tls';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goodDeployment, makeKeyPair, review, rule, send, startTestServer, tempDir, writePolicy, type TestServer } from './helpers.js';

const denyKey = (id: string, key: string) => `
export default definePolicy({ rule: ${rule(id, 'high')}, kinds: ['ConfigMap'], *check(t) {
  if (t.object.data && ${JSON.stringify(key)} in t.object.data) yield { message: ${JSON.stringify(key + ' is not allowed')}, path: ['data', ${JSON.stringify(key)}] };
}});`;

const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { x: '1', y: '2' } };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(policy: string, overrides = {}): Promise<{ server: TestServer; file: string; dir: string; pair: Awaited<ReturnType<typeof makeKeyPair>> }> {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const policyDir = path.join(tmp.dir, 'policies');
  mkdirSync(policyDir);
  const file = path.join(policyDir, 'policy.mjs');
  writePolicy(file, policy);
  const pair = await makeKeyPair();
  const server = await startTestServer({ root: tmp.dir, flags: { preset: 'minimal', policies: [policyDir] } }, pair, overrides);
  cleanups.push(() => server.close());
  return { server, file, dir: tmp.dir, pair };
}

describe('policy reload', () => {
  it('swaps policy sets atomically while requests are in flight; a broken set is refused and the old one keeps serving', async () => {
    const { server, file, pair } = await setup(denyKey('test/v1', 'x'));
    const outcomes: string[] = [];
    const afterSwap: string[] = [];
    const failures: string[] = [];
    let stop = false;
    let swapped = false;
    // Four clients, each bounded to 250 requests, until the reloads below are done.
    const client = async () => {
      for (let i = 0; i < 250 && !stop; i++) {
        const req = review(configMap);
        const sentAfterSwap = swapped;
        const res = await send(server.running.port, pair, { body: JSON.stringify(req) });
        if (res.status !== 200) failures.push(`HTTP ${res.status}`);
        const out = res.json().response;
        if (out.uid !== req['request'].uid) failures.push('uid mismatch');
        const outcome = out.auditAnnotations?.['denied-rules'] ?? 'allowed';
        outcomes.push(outcome);
        if (sentAfterSwap) afterSwap.push(outcome);
      }
    };
    let done = false;
    const clients = Promise.all([client(), client(), client(), client()]).finally(() => (done = true));
    while (outcomes.length < 5 && !done) await new Promise((r) => setTimeout(r, 10));
    writePolicy(file, denyKey('test/v2', 'y'));
    await server.store.checkNow();
    expect(server.store.generation).toBe(2);
    swapped = true;
    writeFileSync(file, 'export default definePolicy({ this is not javascript');
    await server.store.checkNow();
    expect(server.store.generation).toBe(2);
    while (afterSwap.length < 5 && !done) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await clients;

    expect(failures).toEqual([]);
    expect(afterSwap.length).toBeGreaterThanOrEqual(5);
    // Every answer came from one whole policy set: v1 or v2, never both, never neither.
    expect(new Set(outcomes)).toEqual(new Set(['test/v1', 'test/v2']));
    expect(new Set(afterSwap)).toEqual(new Set(['test/v2']));
    const metrics = (await send(server.running.port, pair, { method: 'GET', path: '/metrics' })).body;
    expect(metrics).toContain('syncgate_policy_reloads_total{result="success"} 2');
    expect(metrics).toContain('syncgate_policy_reloads_total{result="failure"} 1');
    expect(metrics).toContain('syncgate_policy_load_error 1');
    expect((await send(server.running.port, pair, { method: 'GET', path: '/readyz' })).status).toBe(200);
  });

  it('is not ready, and fails closed, when the first load fails', async () => {
    const { server, pair } = await setup('export default 42; // no policy here');
    expect(server.store.current).toBeUndefined();
    expect((await send(server.running.port, pair, { method: 'GET', path: '/readyz' })).status).toBe(503);
    expect((await send(server.running.port, pair, { method: 'GET', path: '/healthz' })).status).toBe(200);
    const out = (await send(server.running.port, pair, { body: JSON.stringify(review(goodDeployment())) })).json();
    expect(out.response.allowed).toBe(false);
    expect(out.response.status.message).toContain('no policy set loaded');
  });
});

describe('graceful shutdown', () => {
  it('answers a request that is in flight when close() is called', async () => {
    const { server, pair } = await setup(denyKey('test/v1', 'x'));
    const body = JSON.stringify(review(goodDeployment()));
    const half = Math.floor(body.length / 2);
    let socketData = '';
    const socket = connect({ host: '127.0.0.1', port: server.running.port, ca: pair.cert, servername: 'localhost' });
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (d) => (socketData += d.toString()));
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write(`POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`);
    for (let i = 0; i < 200 && server.metrics.inFlight.get() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.metrics.inFlight.get()).toBe(1);
    const closing = server.running.close();
    socket.write(body.slice(half));
    await closing;
    await ended;
    expect(socketData).toMatch(/^HTTP\/1\.1 200/);
    expect(socketData).toContain('"allowed":true');
  });
});

describe('TLS certificate rotation', () => {
  it('serves a renewed key pair from the same files without a restart', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const first = await makeKeyPair();
    const certFile = path.join(tmp.dir, 'tls.crt');
    const keyFile = path.join(tmp.dir, 'tls.key');
    writeFileSync(certFile, first.cert);
    writeFileSync(keyFile, first.key);
    const server = await startTestServer({ root: tmp.dir, flags: { preset: 'minimal' } }, first, { tls: { certFile, keyFile }, certPollMs: 50 });
    cleanups.push(() => server.close());
    const peer = () =>
      new Promise<PeerCertificate>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port: server.running.port, rejectUnauthorized: false, servername: 'localhost' }, () => {
          resolve(s.getPeerCertificate());
          s.end();
        });
        s.on('error', reject);
      });
    const before = (await peer()).fingerprint256;
    const second = await makeKeyPair();
    writeFileSync(keyFile, second.key);
    writeFileSync(certFile, second.cert);
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = (await peer()).fingerprint256;
    }
    expect(after).not.toBe(before);
    const res = await send(server.running.port, second, { body: JSON.stringify(review(goodDeployment())) });
    expect(res.json().response.allowed).toBe(true);
  });
});
