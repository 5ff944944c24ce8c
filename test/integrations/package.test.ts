import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './cli-shim.js';

/*
 * The package as users (and deploy/image/Dockerfile) install it: `npm pack`, then a global
 * install without dev dependencies, run from outside this checkout. Catches a file missing from
 * package.json `files`, or a runtime import of a dev dependency.
 */

const bundle = path.join(PROJECT_ROOT, 'dist/bundle/syncgate.mjs');
if (!existsSync(bundle)) console.log('skipping the packaged-install tests: dist/ is not built (npm run build)');

describe.skipIf(!existsSync(bundle))('the packed package, installed without dev dependencies', () => {
  let tmp: string;
  let syncgate: string;
  let work: string;

  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'syncgate-package-')));
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    const prefix = path.join(tmp, 'prefix');
    // Dependencies come from the npm cache `npm ci` filled; the registry only when it lacks one.
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--silent', path.join(tmp, tarball!)], { cwd: tmp, stdio: 'pipe', timeout: 180_000 });
    syncgate = path.join(prefix, 'bin/syncgate');
    // A user's repository outside this checkout: the example and its policies, copied.
    work = path.join(tmp, 'repo');
    cpSync(path.join(PROJECT_ROOT, 'examples'), work, { recursive: true });
    writeFileSync(path.join(work, 'gitops', 'debug-shell.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug-shell\nspec:\n  containers:\n  - name: shell\n    image: busybox:1.36\n    securityContext:\n      privileged: true\n');
    execFileSync('git', ['init', '-q', work]);
  }, 240_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const run = (args: string[]) => spawnSync(syncgate, args, { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('checks the example with its bundled schemas and policies, and a TypeScript user policy', () => {
    const res = run(['check', 'gitops', '--policy', 'policies', '--format', 'json', '--no-render']);
    expect(res.stderr).toBe('');
    const report = JSON.parse(res.stdout);
    const rules = new Set(report.findings.map((f: { ruleId: string }) => f.ruleId));
    // A schema finding needs schemas/, a pss finding the built-in library, custom/ the esbuild runtime.
    expect([...rules].some((r) => String(r).startsWith('schema/'))).toBe(true);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'pss/privileged', file: 'gitops/debug-shell.yaml', range: expect.objectContaining({ startLine: 10, startColumn: 7 }) }));
    expect(rules.has('custom/require-team-label')).toBe(true);
    expect(res.status).toBe(1);
  });

  it('offers the serve and gate commands the image runs', () => {
    expect(run(['serve', '--help']).stdout).toContain('--cert');
    expect(run(['gate', '--help']).stdout).toContain('--renderer');
  });
});
