import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../e2e/corpus.js';

const bin = path.join(PROJECT_ROOT, 'bin/syncgate.js');
const built = existsSync(path.join(PROJECT_ROOT, 'dist/bundle/syncgate.mjs'));
if (!built) console.warn('skipping the installed-CLI tests: dist/bundle is missing (run `npm run build`; npm ci does it)');

function runBin(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', input: input ?? '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('the installed command (bin/syncgate.js over the bundle)', () => {
  it('checks the example as the README says', () => {
    const r = runBin(['check', 'examples/gitops', '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/gitops/apps/base/web/deployment.yaml:27:11');
  });

  it('reads manifests from standard input and fails on a schema error, pointing at the line', () => {
    const r = runBin(['check', '-', '--format', 'json'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: "two"\n  selector: {}\n  template: {}\n');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; range: { startLine: number } }> };
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'schema/invalid-type', file: '<stdin>', range: expect.objectContaining({ startLine: 6 }) }));
  });

  it('exits 2 with a message for a missing path', () => {
    const r = runBin(['check', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('path does not exist: no/such/dir');
  });
});
