import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../../src/action/index.js';
import { ACTION_BUNDLE, PROJECT_ROOT, buildActionBundle } from '../../src/action/bundle.js';
import { inputEnv, parseGithubOutput, runnerFiles } from './github-env.js';

const bundle = path.join(PROJECT_ROOT, ACTION_BUNDLE);

/**
 * The bundle is built from committed sources. While sources have uncommitted edits (work in
 * progress, several people in one checkout) it cannot match them, so the comparison waits for a
 * clean tree, as CI has.
 */
function uncommittedSources(): string {
  try {
    return execFileSync('git', ['status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return ''; // not a git checkout (a source tarball): compare anyway
  }
}
const dirty = uncommittedSources();
if (dirty) console.log(`skipping the dist-action staleness check: uncommitted changes in src/ or package files:\n${dirty}`);

/** Starts the checked-in bundle the way the runner does: `node <main>` with only the runner's variables. */
function runBundle(entry: string, workspace: string, inputs: Record<string, string>) {
  const files = runnerFiles();
  const result = spawnSync(process.execPath, [entry], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      ...inputEnv({ ...INPUT_DEFAULTS, ...inputs }),
    },
  });
  return { ...result, files, outputs: parseGithubOutput(files.output), summary: readFileSync(files.summary, 'utf8') };
}

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8'));

  it('runs the checked-in bundle on the current Node runtime of GitHub runners', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe(ACTION_BUNDLE);
    expect(existsSync(bundle)).toBe(true);
  });

  it('declares exactly the inputs the entry point reads, with the same defaults', () => {
    const declared = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, v.default]));
    expect(declared).toEqual(INPUT_DEFAULTS);
    expect(Object.keys(action.outputs)).toEqual(['sarif-file', 'findings-count', 'max-severity', 'exit-code']);
  });
});

describe('dist-action bundle', () => {
  it.skipIf(dirty !== '')('matches a fresh build of the sources (run `npm run build:action` and commit it when this fails)', async () => {
    const fresh = await buildActionBundle();
    const checkedIn = readFileSync(bundle, 'utf8');
    expect(checkedIn === fresh, `${ACTION_BUNDLE} is stale: run npm run build:action and commit the result`).toBe(true);
  });

  it('checks examples/gitops with the runner environment: SARIF file, annotations, job summary, outputs', () => {
    // A relative sarif-file is relative to the workspace.
    const sarifFile = path.join(runnerFiles().dir, 'reports/syncgate.sarif');
    const r = runBundle(bundle, PROJECT_ROOT, { paths: 'examples/gitops', 'sarif-file': path.relative(PROJECT_ROOT, sarifFile) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('::notice file=examples/gitops/apps/base/web/deployment.yaml,line=27');
    expect(r.outputs).toEqual({ 'sarif-file': sarifFile, 'findings-count': '1', 'max-severity': 'low', 'exit-code': '0' });
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['schema/unknown-field']);
    expect(r.summary).toMatch(/syncgate passed/);
    expect(r.summary).toContain('imagePulPolicy');
  });

  it('fails the step at the fail-on threshold, skips what is switched off, and writes extra formats', () => {
    const files = runnerFiles();
    const junit = path.join(files.dir, 'junit.xml');
    const r = runBundle(bundle, PROJECT_ROOT, {
      paths: 'examples/gitops',
      'fail-on': 'low',
      'sarif-file': '',
      annotate: 'false',
      summary: 'False',
      formats: `junit=${junit}\ngitlab-codequality=${path.join(files.dir, 'cq.json')}`,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('::notice');
    expect(r.stdout).toMatch(/FAILED \(fail-on: low\)/);
    expect(r.summary).toBe('');
    expect(r.outputs).toMatchObject({ 'sarif-file': '', 'findings-count': '1', 'exit-code': '1' });
    expect(readFileSync(junit, 'utf8')).toContain('<testsuites');
    expect(JSON.parse(readFileSync(path.join(files.dir, 'cq.json'), 'utf8'))).toHaveLength(1);
  });

  it('reports a bad input as an error annotation with exit code 2, outputs still set', () => {
    const r = runBundle(bundle, PROJECT_ROOT, { paths: 'examples/gitops', 'fail-on': 'severe' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^::error title=syncgate::input fail-on must be one of/m);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.outputs['max-severity']).toBe('none');
  });

  it('runs from a checkout of the action without node_modules, configuration file included', () => {
    // What the runner has: the repository at the action's ref, no npm install.
    const files = runnerFiles();
    const actionDir = path.join(files.dir, 'action');
    mkdirSync(path.join(actionDir, 'dist-action/action'), { recursive: true });
    cpSync(bundle, path.join(actionDir, ACTION_BUNDLE));
    cpSync(path.join(PROJECT_ROOT, 'package.json'), path.join(actionDir, 'package.json'));
    cpSync(path.join(PROJECT_ROOT, 'schemas'), path.join(actionDir, 'schemas'), { recursive: true });
    const workspace = path.join(files.dir, 'repo');
    cpSync(path.join(PROJECT_ROOT, 'examples/gitops'), workspace, { recursive: true });
    writeFileSync(path.join(workspace, '.syncgate.yaml'), 'failOn: low\n');
    const r = runBundle(path.join(actionDir, ACTION_BUNDLE), workspace, {});
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/FAILED \(fail-on: low\)/);
    expect(r.status).toBe(1);
  });
});
