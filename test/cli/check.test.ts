import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../e2e/corpus.js';
import { runCli } from './run-cli.js';

const example = path.join(PROJECT_ROOT, 'examples/gitops');

describe('syncgate check', () => {
  it('passes the shipped example, showing the misspelt field with file, line and column', async () => {
    const r = await runCli(['check', example, '--root', PROJECT_ROOT, '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/gitops/apps/base/web/deployment.yaml:27:11');
    expect(r.stdout).toMatch(/imagePulPolicy/);
    expect(r.stdout).toMatch(/passed/i);
  });

  it('fails the same example in strict mode', async () => {
    const r = await runCli(['check', example, '--root', PROJECT_ROOT, '--strict', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED/);
  });

  it('writes several formats in one run, files even when the run fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-cli-'));
    const sarif = path.join(dir, 'out.sarif');
    const json = path.join(dir, 'out.json');
    const r = await runCli(['check', example, '--root', PROJECT_ROOT, '--strict', '--format', `sarif=${sarif}`, '--format', `json=${json}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const parsed = JSON.parse(readFileSync(json, 'utf8'));
    expect(parsed.findings.some((f: { ruleId: string; file: string }) => f.ruleId === 'schema/unknown-field' && f.file === 'examples/gitops/apps/base/web/deployment.yaml')).toBe(true);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
  });

  it('exits 2 naming a path that does not exist', async () => {
    const r = await runCli(['check', path.join(example, 'nope.yaml'), '--root', PROJECT_ROOT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('path does not exist');
    expect(r.stderr).toContain('nope.yaml');
  });

  it('exits 2 on an unknown Kubernetes version, listing the shipped ones', async () => {
    const r = await runCli(['check', example, '--root', PROJECT_ROOT, '--kubernetes-version', '1.99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1\.99/);
    expect(r.stderr).toMatch(/1\.3\d/);
  });

  it('exits 2 on a bad flag value without a stack trace', async () => {
    const r = await runCli(['check', example, '--fail-on', 'severe']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help lists the flags and exits 0', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--kubernetes-version');
  });
});
