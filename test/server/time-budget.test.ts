import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceFromAdmission } from '../../src/server/admission-resource.js';
import { goodDeployment, makeKeyPair, review, send, startTestServer, tempDir, writePolicy, type KeyPair, type TestServer } from './helpers.js';

/* A policy that takes longer than the per-request budget: the answer follows --fail-open. */

const SLOW = `export default definePolicy({
  rule: { id: 'test/slow', title: 'slow', severity: 'low', description: 'd', remediation: 'r', helpUri: 'https://example.test/', tags: [] },
  kinds: ['Service'],
  check() { const until = Date.now() + 300; while (Date.now() < until) {} },
});`;

// Enumerates 9 million pairs: only the evaluator's limits stop it.
const SLOW_REGO = `package main

deny contains msg if {
	input.kind == "Service"
	some i in numbers.range(1, 3000)
	some j in numbers.range(1, 3000)
	i * j == -1
	msg := "never"
}
`;

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };

let pair: KeyPair;
let tmp: ReturnType<typeof tempDir>;
let closed: TestServer;
let open: TestServer;
let rego: TestServer;

beforeAll(async () => {
  pair = await makeKeyPair();
  tmp = tempDir();
  const dir = path.join(tmp.dir, 'policies');
  mkdirSync(dir);
  writePolicy(path.join(dir, 'slow.mjs'), SLOW);
  const source = { root: tmp.dir, flags: { preset: 'minimal' as const, policies: [dir] } };
  closed = await startTestServer(source, pair, { timeoutMs: 100 });
  open = await startTestServer(source, pair, { timeoutMs: 100, failOpen: true });
  const regoDir = path.join(tmp.dir, 'rego');
  mkdirSync(regoDir);
  writeFileSync(path.join(regoDir, 'slow.rego'), SLOW_REGO);
  rego = await startTestServer({ root: tmp.dir, policyTimeoutMs: 150, flags: { preset: 'minimal', policies: [regoDir] } }, pair, { timeoutMs: 5000 });
});

afterAll(async () => {
  await closed?.close();
  await open?.close();
  await rego?.close();
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

describe('Rego policies on the server thread', () => {
  it('are stopped by the policy time budget, not left to run to the evaluator\'s step limit', async () => {
    const out = await admit(rego, review(service));
    expect(out.allowed).toBe(false);
    expect(out.status.message).toContain('policy/error');
    expect(out.status.message).toContain('policy rego/main/deny failed while checking this object');
    // The response keeps the evaluator's message to itself; the gate's finding says which limit stopped it.
    const { findings } = await rego.store.current!.check([resourceFromAdmission(service, { group: '', version: 'v1', kind: 'Service' })]);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('evaluation timed out after 150 ms')]);
  });
});
