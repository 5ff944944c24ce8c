import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChangedSinceError, changedLines, type ChangedLines } from '../../src/diff/index.js';
import { TempRepo } from './git-repo.js';

const lines = (n: number, label: string) => Array.from({ length: n }, (_, i) => `${label}${i + 1}`).join('\n') + '\n';

describe('changedLines', () => {
  let repo: TempRepo;
  let changed: ChangedLines;

  beforeAll(async () => {
    repo = new TempRepo();
    repo
      .write('edited.yaml', lines(10, 'e'))
      .write('renamed-before.yaml', lines(5, 'r'))
      .write('deleted.yaml', lines(3, 'd'))
      .write('untouched.yaml', lines(3, 'u'))
      .write('trimmed.yaml', lines(6, 't'))
      .write('.gitignore', 'ignored.yaml\n')
      .write('dir/we "ird" naïve.yaml', lines(3, 'w'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('edited.yaml', lines(10, 'e').replace('e3\n', 'E3\n').replace('e7\n', 'E7\nnew\n'));
    repo.git('mv', 'renamed-before.yaml', 'renamed-after.yaml');
    repo.git('rm', '-q', 'deleted.yaml');
    repo.write('added.yaml', lines(2, 'a'));
    repo.write('trimmed.yaml', lines(6, 't').replace('t4\n', ''));
    repo.write('dir/we "ird" naïve.yaml', lines(3, 'w').replace('w2', 'W2'));
    repo.commit('feature work');
    // The base branch moves on after the branch point: none of this belongs to the feature.
    repo.git('checkout', '-q', 'main');
    repo.write('untouched.yaml', lines(3, 'U'));
    repo.write('main-only.yaml', 'x\n');
    repo.commit('main moves on');
    repo.git('checkout', '-q', 'feature');
    // Local, uncommitted work: an unstaged edit, an untracked file, an ignored file.
    repo.write('edited.yaml', lines(10, 'e').replace('e3\n', 'E3\n').replace('e7\n', 'E7\nnew\n').replace('e10\n', 'E10\n'));
    repo.write('untracked.yaml', 'u\n');
    repo.write('ignored.yaml', 'i\n');
    changed = await changedLines(repo.dir, 'main');
  });

  it('lists the edited lines of a modified file (committed and uncommitted)', () => {
    expect([...(changed.get('edited.yaml') as Set<number>)].sort((a, b) => a - b)).toEqual([3, 7, 8, 11]);
  });

  it('counts added, renamed and untracked files whole, and leaves deleted and ignored files out', () => {
    expect(changed.get('added.yaml')).toBe('all');
    expect(changed.get('renamed-after.yaml')).toBe('all');
    expect(changed.get('untracked.yaml')).toBe('all');
    expect(changed.has('renamed-before.yaml')).toBe(false);
    expect(changed.has('deleted.yaml')).toBe(false);
    expect(changed.has('ignored.yaml')).toBe(false);
  });

  it('compares with the merge base, so changes made on the base branch since are not the branch\'s', () => {
    expect(changed.has('untouched.yaml')).toBe(false);
    expect(changed.has('main-only.yaml')).toBe(false);
  });

  it('marks the lines either side of a pure deletion', () => {
    expect([...(changed.get('trimmed.yaml') as Set<number>)].sort()).toEqual([3, 4]);
  });

  it('reads file names git has to quote', () => {
    expect(changed.get('dir/we "ird" naïve.yaml')).toEqual(new Set([2]));
  });

  it('reports paths relative to a root below the repository top, leaving out the rest', async () => {
    const sub = await changedLines(path.join(repo.dir, 'dir'), 'main');
    expect([...sub.keys()]).toEqual(['we "ird" naïve.yaml']);
  });

  it('with HEAD as the ref, sees only uncommitted work (the pre-commit case)', async () => {
    const local = await changedLines(repo.dir, 'HEAD');
    expect(local.get('edited.yaml')).toEqual(new Set([11]));
    expect(local.get('untracked.yaml')).toBe('all');
    expect(local.has('added.yaml')).toBe(false);
  });

  it('refuses an unknown ref with a usage error that says how to fetch it', async () => {
    await expect(changedLines(repo.dir, 'origin/nope')).rejects.toThrow(ChangedSinceError);
    await expect(changedLines(repo.dir, 'origin/nope')).rejects.toThrow(/unknown git ref "origin\/nope".*fetch-depth: 0/);
  });

  it('refuses a ref that looks like an option', async () => {
    await expect(changedLines(repo.dir, '--output=/tmp/x')).rejects.toThrow(/needs a git ref/);
  });

  it('refuses a directory that is not in a git work tree', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-nogit-'));
    await expect(changedLines(dir, 'main')).rejects.toThrow(/not inside a git work tree/);
  });

  it('counts everything as new before the first commit, when the ref is HEAD', async () => {
    const fresh = new TempRepo();
    fresh.write('staged.yaml', 'a\n').write('untracked.yaml', 'b\n');
    fresh.git('add', 'staged.yaml');
    expect(await changedLines(fresh.dir, 'HEAD')).toEqual(new Map([['staged.yaml', 'all'], ['untracked.yaml', 'all']]));
    await expect(changedLines(fresh.dir, 'main')).rejects.toThrow(/unknown git ref "main"/);
  });

  it('explains a missing merge base (shallow clones)', async () => {
    const other = new TempRepo();
    other.write('a.yaml', 'a\n').commit('one');
    other.git('checkout', '-q', '--orphan', 'unrelated');
    other.write('b.yaml', 'b\n').commit('two');
    await expect(changedLines(other.dir, 'main')).rejects.toThrow(/no common history.*fetch-depth: 0/);
  });
});
