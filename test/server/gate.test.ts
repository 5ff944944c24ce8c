import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { gateCommand } from '../../src/cli/gate.js';
import { REPO, tempDir } from './helpers.js';

const CORPUS = path.resolve(REPO, '../shared/corpus/gitops/microservices-demo/kubernetes-manifests');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.log(`skipping syncgate gate corpus tests: ${CORPUS} is absent`);

const onPath = (tool: string, args: string[]) => {
  try {
    execFileSync(tool, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const haveKustomize = onPath('kustomize', ['version']) || onPath('kubectl', ['version', '--client']);

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata:
  name: debug-shell
spec:
  containers:
  - name: shell
    image: busybox:1.36
    securityContext:
      privileged: true
`;

async function gate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const saved = process.exitCode;
  const cmd = gateCommand({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).exitOverride();
  try {
    await cmd.parseAsync([...args, '--no-config'], { from: 'user' });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.exitCode = saved;
  }
}

const tmp = tempDir('syncgate-gate-');
afterAll(() => tmp.cleanup());

/** A copy of the corpus application with a privileged Pod added (the corpus itself is never modified). */
function withViolation(name: string): string {
  const dir = path.join(tmp.dir, name);
  cpSync(CORPUS, dir, { recursive: true });
  writeFileSync(path.join(dir, 'debug-shell.yaml'), PRIVILEGED);
  const k = path.join(dir, 'kustomization.yaml');
  writeFileSync(k, readFileSync(k, 'utf8').replace(/^resources:\n/m, 'resources:\n - debug-shell.yaml\n'));
  return dir;
}

const docsOf = (stream: string) => parseAllDocuments(stream).map((d) => d.toJS() as { kind: string; metadata: { name: string } });

describe.skipIf(!haveCorpus)('syncgate gate on microservices-demo', () => {
  it('prints every manifest as a YAML stream when the directory passes (plain renderer)', async () => {
    const res = await gate([CORPUS, '--renderer', 'plain']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const docs = docsOf(res.stdout);
    expect(docs).toHaveLength(35);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(expect.arrayContaining(['Deployment/frontend', 'Service/frontend-external', 'Deployment/loadgenerator']));
  });

  it('prints nothing on stdout and the report on stderr, exit 1, when a manifest violates a rule', async () => {
    const res = await gate([withViolation('plain-bad'), '--renderer', 'plain']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('debug-shell.yaml');
    expect(res.stderr).toMatch(/pss\/[a-z-]*privileged/);
  });

  it.skipIf(!haveKustomize)('renders with kustomize when the directory has a kustomization', async () => {
    const pass = await gate([CORPUS]);
    expect(pass.code).toBe(0);
    const docs = docsOf(pass.stdout);
    // kustomization.yaml leaves loadgenerator.yaml out.
    expect(docs.map((d) => d.metadata.name)).not.toContain('loadgenerator');
    expect(docs.length).toBeGreaterThan(20);
    const fail = await gate([withViolation('kustomize-bad')]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toBe('');
    expect(fail.stderr).toMatch(/pss\/[a-z-]*privileged/);
  });
});
