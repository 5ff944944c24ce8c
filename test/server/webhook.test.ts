import { mkdirSync } from 'node:fs';
import { connect } from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodDeployment, makeKeyPair, privilegedPod, review, rule, send, startTestServer, tempDir, writePolicy, type KeyPair, type TestServer } from './helpers.js';

/*
 * The webhook over real HTTPS on loopback, with the recommended preset plus user policies
 * from a policy directory:
 *   test/team-label (low)  ConfigMaps without a `team` label: a warning
 *   test/no-bad-data (high) ConfigMaps with a `bad` key: a denial
 *   test/explodes (high)   throws on every Secret: a policy error
 */

const POLICIES = `
export const teamLabel = definePolicy({ rule: ${rule('test/team-label', 'low')}, kinds: ['ConfigMap'], *check(t) {
  if (!t.object.metadata?.labels?.team) yield { message: 'ConfigMap has no team label', path: '/metadata' };
}});
export const noBad = definePolicy({ rule: ${rule('test/no-bad-data', 'high')}, kinds: ['ConfigMap'], *check(t) {
  if (t.object.data && 'bad' in t.object.data) yield { message: 'data.bad is not allowed', path: ['data', 'bad'] };
}});
export const many = definePolicy({ rule: ${rule('test/many', 'medium')}, kinds: ['ConfigMap'], *check(t) {
  if (t.object.metadata?.labels?.many) for (const k of Object.keys(t.object.data ?? {})) yield { message: 'key ' + k + ' is suspicious: ' + 'lorem ipsum '.repeat(20), path: ['data', k] };
}});
export const explodes = definePolicy({ rule: ${rule('test/explodes', 'high')}, kinds: ['Secret'], check() { throw new Error('boom in ' + import.meta.url); } });
`;

const configMap = (data: Record<string, string>, labels: Record<string, string> = { team: 'web' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop', labels },
  data,
});
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'shop' }, type: 'Opaque', data: { t: 'YQ==' } };

let pair: KeyPair;
let tmp: ReturnType<typeof tempDir>;
let closed: TestServer;
let open: TestServer;

beforeAll(async () => {
  pair = await makeKeyPair();
  tmp = tempDir();
  const policyDir = path.join(tmp.dir, 'policies');
  mkdirSync(policyDir);
  writePolicy(path.join(policyDir, 'checks.mjs'), POLICIES);
  const source = { root: tmp.dir, flags: { preset: 'recommended' as const, policies: [policyDir] } };
  closed = await startTestServer(source, pair, { bodyTimeoutMs: 500, maxBodyBytes: 64 * 1024 });
  open = await startTestServer(source, pair, { failOpen: true });
});

afterAll(async () => {
  await closed?.close();
  await open?.close();
  tmp?.cleanup();
});

const admit = (server: TestServer, body: unknown) => send(server.running.port, pair, { body: JSON.stringify(body) });

describe('admission decisions', () => {
  it('allows a compliant Deployment and answers with the same uid and version', async () => {
    const req = review(goodDeployment());
    const res = await admit(closed, req);
    expect(res.status).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: req['request'].uid, allowed: true } });
    expect(out.response.status).toBeUndefined();
  });

  it('denies a privileged Pod, naming the failing rules in the status and the audit annotations', async () => {
    const req = review(privilegedPod());
    const out = (await admit(closed, req)).json();
    expect(out.response.uid).toBe(req['request'].uid);
    expect(out.response.allowed).toBe(false);
    expect(out.response.status.code).toBe(403);
    expect(out.response.status.message).toContain('syncgate denied Pod shop/root-shell');
    expect(out.response.status.message).toMatch(/pss\/[a-z-]*privileged[a-z-]*/);
    expect(out.response.status.message).toContain('/spec/containers/0/securityContext/privileged');
    expect(out.response.auditAnnotations['denied-rules']).toMatch(/pss\//);
  });

  it('judges dry-run requests exactly like real ones', async () => {
    const out = (await admit(closed, review(privilegedPod(), { dryRun: true }))).json();
    expect(out.response.allowed).toBe(false);
  });

  it('answers v1beta1 reviews in v1beta1', async () => {
    const out = (await admit(closed, review(privilegedPod(), {}, 'admission.k8s.io/v1beta1'))).json();
    expect(out.apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(out.response.allowed).toBe(false);
  });

  it('allows with warnings for findings below fail-on', async () => {
    const out = (await admit(closed, review(configMap({ a: '1' }, {})))).json();
    expect(out.response.allowed).toBe(true);
    expect(out.response.warnings).toEqual(['test/team-label: ConfigMap has no team label (/metadata)']);
    expect(out.response.auditAnnotations).toEqual({ 'warned-rules': 'test/team-label' });
  });

  it('denies on a user policy with its message and the field pointer', async () => {
    const out = (await admit(closed, review(configMap({ bad: 'x' })))).json();
    expect(out.response.allowed).toBe(false);
    expect(out.response.status.message).toContain('[high] test/no-bad-data: data.bad is not allowed (at /data/bad)');
  });

  it('allows DELETE of an object that would be denied (no rule asks to judge deletes)', async () => {
    const out = (await admit(closed, review(null, { operation: 'DELETE', name: 'root-shell', oldObject: privilegedPod() }))).json();
    expect(out.response).toEqual({ uid: expect.any(String), allowed: true });
  });

  it('allows the finalizer-removing UPDATE of an object that is being deleted', async () => {
    const pod = privilegedPod() as any;
    pod.metadata.deletionTimestamp = '2026-11-22T07:00:00Z';
    const out = (await admit(closed, review(pod, { operation: 'UPDATE', oldObject: pod }))).json();
    expect(out.response.allowed).toBe(true);
    delete pod.metadata.deletionTimestamp;
    expect((await admit(closed, review(pod, { operation: 'UPDATE', oldObject: pod }))).json().response.allowed).toBe(false);
  });

  it('keeps warnings within the API server limits', async () => {
    const data = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v']));
    const out = (await admit(closed, review(configMap(data, { team: 'web', many: 'yes' })))).json();
    expect(out.response.allowed).toBe(true);
    const warnings: string[] = out.response.warnings;
    expect(warnings.length).toBeLessThanOrEqual(20);
    for (const w of warnings) expect(w.length).toBeLessThanOrEqual(120);
    expect(warnings.join('').length).toBeLessThanOrEqual(4096);
    expect(warnings[0]).toMatch(/^test\/many: key k0 is suspicious: lorem ipsum .*…$/);
    expect(warnings.at(-1)).toMatch(/^syncgate: \d+ more warnings not shown$/);
  });
});

describe('policy errors', () => {
  it('fails closed: a policy that throws denies, without leaking file paths', async () => {
    const res = await admit(closed, review(secret));
    const out = res.json();
    expect(out.response.allowed).toBe(false);
    expect(out.response.status.message).toContain('policy test/explodes failed while checking this object');
    expect(res.body).not.toContain(tmp.dir);
    expect(res.body).not.toContain('boom');
  });

  it('fails open when configured: allowed, with a warning and an audit annotation', async () => {
    const res = await admit(open, review(secret));
    const out = res.json();
    expect(out.response.allowed).toBe(true);
    expect(out.response.warnings.join('\n')).toContain('fail-open');
    expect(out.response.auditAnnotations['fail-open']).toBe('test/explodes');
    expect(res.body).not.toContain(tmp.dir);
    // Real violations still deny in fail-open mode.
    expect((await admit(open, review(privilegedPod()))).json().response.allowed).toBe(false);
  });
});

describe('request hardening', () => {
  it('answers malformed JSON with 400 and no internals', async () => {
    const res = await send(closed.running.port, pair, { body: '{"apiVersion": "admission.k8s.io/v1", ' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'request body is not valid JSON' });
  });

  it('answers a JSON body that is not an AdmissionReview with 400', async () => {
    const res = await send(closed.running.port, pair, { body: JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: { operation: 'CREATE' } }) });
    expect(res.status).toBe(400);
    expect(res.json().error).toContain('uid');
  });

  it('answers a wrong content type with 415', async () => {
    const res = await send(closed.running.port, pair, { body: JSON.stringify(review(goodDeployment())), contentType: 'text/plain' });
    expect(res.status).toBe(415);
  });

  it('refuses an oversize body with 413, declared or streamed', async () => {
    const big = JSON.stringify(review(configMap({ blob: 'x'.repeat(100 * 1024) })));
    expect((await send(closed.running.port, pair, { body: big })).status).toBe(413);
    const chunked = await send(closed.running.port, pair, { body: big, headers: { 'Transfer-Encoding': 'chunked' } });
    expect(chunked.status).toBe(413);
  });

  it('rejects hostile nesting instead of recursing into it', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 2000; i++) deep = { a: deep };
    const req = review({ ...configMap({}), spec: deep });
    const res = await send(closed.running.port, pair, { body: JSON.stringify(req) });
    expect(res.status).toBe(400);
    expect(res.json().error).toContain('nested');
  });

  it('times out a client that stops sending its body (408), and keeps serving others', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: closed.running.port, ca: pair.cert, servername: 'localhost' }, () => {
        socket.write('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiVersion":');
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await admit(closed, review(goodDeployment()))).json().response.allowed).toBe(true);
  });

  it('returns 404 for unknown paths and 405 for GET on the webhook path', async () => {
    expect((await send(closed.running.port, pair, { method: 'GET', path: '/nope' })).status).toBe(404);
    expect((await send(closed.running.port, pair, { method: 'GET' })).status).toBe(405);
  });
});

describe('health and metrics', () => {
  it('is healthy and ready once policies are loaded', async () => {
    expect((await send(closed.running.port, pair, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await send(closed.running.port, pair, { method: 'GET', path: '/readyz' })).status).toBe(200);
  });

  it('exports Prometheus metrics for requests, rules, latency and reloads', async () => {
    const res = await send(closed.running.port, pair, { method: 'GET', path: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/^syncgate_admission_requests_total\{operation="CREATE",outcome="allowed"\} \d+$/m);
    expect(res.body).toMatch(/^syncgate_admission_rule_decisions_total\{rule="test\/no-bad-data",decision="deny"\} \d+$/m);
    expect(res.body).toMatch(/^syncgate_admission_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(res.body).toContain('syncgate_policy_reloads_total{result="success"} 1');
    expect(res.body).toMatch(/^syncgate_errors_total\{type="bad_json"\} \d+$/m);
  });
});
