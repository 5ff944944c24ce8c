import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS, readInputs, runAction } from '../../src/action/index.js';
import { PROJECT_ROOT } from '../../src/action/bundle.js';
import { inputEnv, parseGithubOutput, runnerFiles } from './github-env.js';

describe('action inputs', () => {
  it('reads INPUT_* as the runner sets them: dashes kept, values trimmed, one path per line', () => {
    const inputs = readInputs({
      ...inputEnv(INPUT_DEFAULTS),
      'INPUT_FAIL-ON': ' medium ',
      INPUT_PATHS: 'clusters/prod\n  apps/my app  \n# a comment\n\n',
      INPUT_FORMATS: 'junit=a.xml, json=b.json\nmarkdown=c.md',
      INPUT_ANNOTATE: 'FALSE',
      INPUT_CONFIG: 'none',
      'INPUT_KUBERNETES-VERSION': '1.33',
    });
    expect(inputs).toMatchObject({
      failOn: 'medium',
      paths: ['clusters/prod', 'apps/my app'],
      formats: ['junit=a.xml', 'json=b.json', 'markdown=c.md'],
      annotate: false,
      summary: true,
      config: false,
      kubernetesVersion: '1.33',
      sarifFile: 'syncgate.sarif',
    });
    expect(inputs.changedSince).toBeUndefined();
  });

  it('refuses a boolean that is not one of YAML\'s true/false spellings', () => {
    expect(() => readInputs({ INPUT_SUMMARY: 'yes' })).toThrow(/input summary must be true or false, got "yes"/);
  });

  it('finds a config file given relative to the workspace', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'syncgate-ws-'));
    cpSync(path.join(PROJECT_ROOT, 'examples/gitops'), workspace, { recursive: true });
    mkdirSync(path.join(workspace, 'ci'));
    writeFileSync(path.join(workspace, 'ci/strict.yaml'), 'failOn: low\n');
    const files = runnerFiles();
    let log = '';
    const code = await runAction({
      env: { GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, ...inputEnv({ ...INPUT_DEFAULTS, config: 'ci/strict.yaml', 'sarif-file': '' }) },
      log: (t) => (log += t),
    });
    expect(log).toMatch(/FAILED \(fail-on: low\)/);
    expect(code).toBe(1);
    expect(parseGithubOutput(files.output)['exit-code']).toBe('1');
    expect(readFileSync(files.summary, 'utf8')).toMatch(/syncgate failed/);
  });
});
