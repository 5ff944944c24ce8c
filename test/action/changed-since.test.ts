import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedSinceRef, INPUT_DEFAULTS, runAction } from '../../src/action/index.js';
import { TempRepo } from '../diff/git-repo.js';
import { inputEnv, parseGithubOutput, runnerFiles } from './github-env.js';

const deployment = (name: string, pullPolicyKey: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          ${pullPolicyKey}: IfNotPresent\n`;

async function runIn(workspace: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const files = runnerFiles();
  let log = '';
  const code = await runAction({
    env: { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, ...inputEnv({ ...INPUT_DEFAULTS, ...inputs }), ...extraEnv },
    log: (t) => (log += t),
  });
  return { code, log, outputs: parseGithubOutput(files.output), summary: readFileSync(files.summary, 'utf8') };
}

describe('the action with changed-since', () => {
  it('annotates, summarises and counts only what the branch changed, while SARIF and GitLab reports keep every finding', async () => {
    const repo = new TempRepo();
    // Schema findings only: the minimal preset's security policies have nothing to say about these Deployments.
    repo.write('.syncgate.yaml', 'preset: minimal\n');
    repo.write('old.yaml', deployment('old', 'imagePulPolicy')).write('web.yaml', deployment('web', 'imagePullPolicy'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('web.yaml', deployment('web', 'imagePulPolicy'));
    repo.commit('typo');

    const r = await runIn(repo.dir, { 'changed-since': 'main', 'fail-on': 'low', formats: 'json=out/report.json\ngitlab-codequality=out/cq.json' });
    expect(r.code).toBe(1);
    expect(r.log).toContain('::notice file=web.yaml,line=13');
    expect(r.log).not.toContain('file=old.yaml');
    expect(r.log).toMatch(/changed since main: 1 changed file, 1 finding in unchanged code not reported/);
    expect(r.outputs['findings-count']).toBe('1');
    expect(r.summary).toContain('web.yaml');
    expect(r.summary).not.toContain('<code>old.yaml</code>');
    expect(r.summary).toMatch(/1 finding in code not changed since `main` not shown here/);
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'syncgate.sarif'), 'utf8'));
    const files = sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(files.sort()).toEqual(['old.yaml', 'web.yaml']);
    // GitLab's widget compares whole reports too; the JSON report is the narrowed one.
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'out/cq.json'), 'utf8'))).toHaveLength(2);
    expect(JSON.parse(readFileSync(path.join(repo.dir, 'out/report.json'), 'utf8')).findings.map((f: { file: string }) => f.file)).toEqual(['web.yaml']);
  });

  it('fails with exit code 2 and a clear error when the ref is unknown (a shallow checkout)', async () => {
    const repo = new TempRepo();
    repo.write('web.yaml', deployment('web', 'imagePullPolicy')).commit('base');
    const r = await runIn(repo.dir, { 'changed-since': 'origin/main' });
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/^::error title=syncgate::--changed-since: unknown git ref "origin\/main".*fetch-depth: 0/m);
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.summary).toMatch(/could not check the manifests[\s\S]*unknown git ref/);
  });

  it('auto: the base branch on pull requests, nothing on pushes', () => {
    expect(changedSinceRef('auto', { GITHUB_BASE_REF: 'main' })).toBe('origin/main');
    expect(changedSinceRef('auto', { GITHUB_BASE_REF: '' })).toBeUndefined();
    expect(changedSinceRef('release/1.2', {})).toBe('release/1.2');
  });
});
