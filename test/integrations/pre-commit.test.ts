import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, syncgateShimDir } from './cli-shim.js';

const hooksFile = path.join(PROJECT_ROOT, '.pre-commit-hooks.yaml');
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const havePreCommit = preCommit.status === 0;
if (!havePreCommit) console.log('skipping the pre-commit run tests: pre-commit is not installed (apt-get install pre-commit)');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(hooksFile, 'utf8')) as Hook[];

describe('.pre-commit-hooks.yaml', () => {
  it('offers a node hook and a system hook that differ only in how syncgate is found', () => {
    expect(hooks.map((h) => [h.id, h.language])).toEqual([
      ['syncgate', 'node'],
      ['syncgate-system', 'system'],
    ]);
    for (const hook of hooks) {
      expect(hook.entry).toBe('syncgate check');
      expect(hook.files).toBe('\\.(ya?ml|json)$');
      expect(hook.require_serial).toBe(true);
    }
  });
});

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n`;

describe.skipIf(!havePreCommit)('the hook under the real pre-commit', () => {
  /** A hook repository holding this repository's hook definitions, and a GitOps repository that uses it. */
  function setUp() {
    const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'syncgate-precommit-')));
    const env = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: path.join(tmp, 'cache'), PATH: `${syncgateShimDir()}${path.delimiter}${process.env['PATH']}` };
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
    const hookRepo = path.join(tmp, 'hooks');
    git(tmp, 'init', '-q', '-b', 'main', hookRepo);
    copyFileSync(hooksFile, path.join(hookRepo, '.pre-commit-hooks.yaml'));
    git(hookRepo, 'add', '.pre-commit-hooks.yaml');
    git(hookRepo, 'commit', '-q', '-m', 'hooks');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    const repo = path.join(tmp, 'gitops');
    git(tmp, 'init', '-q', '-b', 'main', repo);
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: syncgate-system\n`);
    const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8' });
    return { repo, git: (...args: string[]) => git(repo, ...args), run };
  }

  it('lets a valid manifest through and stops a commit whose staged files define the same object twice', () => {
    const { repo, git, run } = setUp();
    expect(run('pre-commit', 'install').status).toBe(0);

    writeFileSync(path.join(repo, 'web.yaml'), service('web'));
    writeFileSync(path.join(repo, 'notes.txt'), 'not a manifest\n');
    git('add', '.');
    const ok = run('git', 'commit', '-q', '-m', 'web');
    expect(ok.stderr + ok.stdout).toMatch(/syncgate\.+Passed/);
    expect(ok.status).toBe(0);

    // Two new files, each valid alone: only a check that sees both together finds the duplicate.
    writeFileSync(path.join(repo, 'a.yaml'), service('api'));
    writeFileSync(path.join(repo, 'b.yaml'), service('api'));
    git('add', 'a.yaml', 'b.yaml');
    const bad = run('git', 'commit', '-q', '-m', 'duplicate');
    const output = bad.stderr + bad.stdout;
    expect(bad.status).not.toBe(0);
    expect(output).toMatch(/syncgate\.+Failed/);
    expect(output).toMatch(/b\.yaml:\d+:\d+\s+high\s+schema\/duplicate-object/);
    expect(git('log', '--format=%s')).toBe('web\n');
  });

  it('skips commits without manifests', () => {
    const { repo, git, run } = setUp();
    writeFileSync(path.join(repo, 'README.md'), '# hi\n');
    git('add', 'README.md');
    const r = run('pre-commit', 'run');
    expect(r.stdout).toMatch(/syncgate\.+\(no files to check\)Skipped/);
    expect(r.status).toBe(0);
  });
});
