import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodDeployment, makeKeyPair, review, send, startTestServer, tempDir, writePolicy, type KeyPair, type TestServer } from './helpers.js';

/* A policy that takes longer than the per-request budget: the answer follows --fail-open. */

const SLOW = `export default definePolicy({
  rule: { id: 'test/slow', title: 'slow', severity: 'low', description: 'd', remediation: 'r', helpUri: 'https://example.test/', tags: [] },
  kinds: ['Service'],
  check() { const until = Date.now() + 300; while (Date.now() < until) {} },
});`;

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

let pair: KeyPair;
let tmp: ReturnType<typeof tempDir>;
let closed: TestServer;
let open: TestServer;

beforeAll(async () => {
  pair = await makeKeyPair();
  tmp = tempDir();
  const dir = path.join(tmp.dir, 'policies');
  mkdirSync(dir);
  writePolicy(path.join(dir, 'slow.mjs'), SLOW);
  const source = { root: tmp.dir, flags: { preset: 'minimal' as const, policies: [dir] } };
  closed = await startTestServer(source, pair, { timeoutMs: 100 });
  open = await startTestServer(source, pair, { timeoutMs: 100, failOpen: true });
});

afterAll(async () => {
  await closed?.close();
  await open?.close();
  tmp?.cleanup();
});

const admit = async (server: TestServer, body: unknown) => (await send(server.running.port, pair, { body: JSON.stringify(body) })).json().response;

describe('per-request time budget', () => {
  it('denies when the checks overrun the budget (fail closed)', async () => {
    const out = await admit(closed, review(service));
    expect(out.allowed).toBe(false);
    expect(out.status).toEqual({ code: 500, message: 'syncgate did not finish checking this object within 100 ms; denied because the gate fails closed' });
    // Once the slow check has finished in the policy worker, other objects are judged normally again.
    let allowed = false;
    for (let i = 0; i < 50 && !allowed; i++) {
      allowed = (await admit(closed, review(goodDeployment()))).allowed;
      if (!allowed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(allowed).toBe(true);
  });

  it('allows with a warning when the gate fails open', async () => {
    const out = await admit(open, review(service));
    expect(out.allowed).toBe(true);
    expect(out.warnings[0]).toContain('allowed because the gate fails open');
    expect(out.auditAnnotations).toEqual({ 'fail-open': 'timeout' });
  });
});
