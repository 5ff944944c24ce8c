import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKeyPair, privilegedPod, review, send, startTestServer, tempDir, writePolicy, type KeyPair, type TestServer } from './helpers.js';

/* Deletes judged by rules that ask for it, and waiver annotations honoured or ignored at admission. */

const PROTECTED = `export default definePolicy({
  rule: { id: 'test/protected', title: 'protected', severity: 'high', description: 'd', remediation: 'r', helpUri: 'https://example.test/', tags: ['admission-delete'] },
  kinds: ['ConfigMap'],
  *check(t) { if (t.object.metadata?.labels?.protected === 'true') yield { message: 'protected objects stay', path: '/metadata/labels/protected' }; },
});`;

// Two user rules on Services, one tagged needs-repository: only the untagged one runs at admission.
const SERVICE_RULES = `const rule = (id, tags) => ({ id, title: id, severity: 'low', description: 'd', remediation: 'r', helpUri: 'https://example.test/', tags });
export default [
  definePolicy({ rule: rule('test/service-seen', []), kinds: ['Service'], *check() { yield { message: 'seen', path: '/metadata/name' }; } }),
  definePolicy({ rule: rule('test/companion', ['needs-repository']), kinds: ['Service'], *check() { yield { message: 'no companion', path: '/metadata/name' }; } }),
];`;

const waivedPod = () => {
  const pod = privilegedPod() as any;
  pod.metadata.annotations = { 'syncgate.io/waive': 'pss/privileged: break-glass debugging (expires never, owner sre)' };
  return pod;
};

let pair: KeyPair;
let tmp: ReturnType<typeof tempDir>;
let honours: TestServer;
let ignores: TestServer;

beforeAll(async () => {
  pair = await makeKeyPair();
  tmp = tempDir();
  const dir = path.join(tmp.dir, 'policies');
  mkdirSync(dir);
  writePolicy(path.join(dir, 'protected.mjs'), PROTECTED);
  writePolicy(path.join(dir, 'services.mjs'), SERVICE_RULES);
  honours = await startTestServer({ root: tmp.dir, flags: { preset: 'recommended', policies: [dir] } }, pair);
  ignores = await startTestServer({ root: tmp.dir, flags: { preset: 'recommended', policies: [dir], ignoreResourceWaivers: true } }, pair);
});

afterAll(async () => {
  await honours?.close();
  await ignores?.close();
  tmp?.cleanup();
});

const admit = async (server: TestServer, body: unknown) => (await send(server.running.port, pair, { body: JSON.stringify(body) })).json().response;

describe('DELETE', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'shop', labels: { protected: 'true' } } };

  it('is judged against oldObject by rules tagged admission-delete, and only by them', async () => {
    const denied = await admit(honours, review(null, { operation: 'DELETE', name: 'keep', oldObject: cm }));
    expect(denied.allowed).toBe(false);
    expect(denied.status.message).toContain('test/protected: protected objects stay');
    const pod = await admit(honours, review(null, { operation: 'DELETE', name: 'root-shell', oldObject: privilegedPod() }));
    expect(pod.allowed).toBe(true);
  });
});

describe('waiver annotations at admission', () => {
  it('are honoured by default: the waived rule does not deny', async () => {
    const out = await admit(honours, review(waivedPod()));
    expect(out.status?.message ?? '').not.toContain('pss/privileged:');
  });

  it('are ignored with ignoreResourceWaivers: the object cannot waive its own findings', async () => {
    const out = await admit(ignores, review(waivedPod()));
    expect(out.allowed).toBe(false);
    expect(out.status.message).toContain('pss/privileged');
  });
});

describe('rules that need the repository or companion objects', () => {
  it('are left out at admission: a decrypted Secret and a lone Deployment are not flagged for what lives elsewhere', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: 'cGFzcw==' } };
    const out = await admit(honours, review(secret));
    expect(out).toEqual({ uid: expect.any(String), allowed: true });
    const deployment = await admit(honours, review({ ...privilegedPod(), kind: 'Deployment', apiVersion: 'apps/v1', spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } }));
    const mentioned = [...(deployment.warnings ?? []), deployment.status?.message ?? ''].join('\n');
    expect(mentioned).not.toMatch(/gitops\/|k8s\/(pdb-missing|network-policy-missing|single-replica|service-account-missing)/);
  });

  it('are the rules tagged needs-repository, the user\'s own included', async () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const out = await admit(honours, review(service));
    expect(out.allowed).toBe(true);
    expect(out.warnings).toEqual(expect.arrayContaining([expect.stringContaining('test/service-seen: seen')]));
    expect(out.warnings.join('\n')).not.toContain('test/companion');
    expect(out.warnings.join('\n')).not.toContain('k8s/dangling-service');
  });
});
