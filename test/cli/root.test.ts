import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRoot } from '../../src/cli/root.js';

describe('the repository root findings are reported against', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'syncgate-root-'));
  const repo = path.join(base, 'repo');
  mkdirSync(path.join(repo, '.git'), { recursive: true });
  mkdirSync(path.join(repo, 'apps/web'), { recursive: true });
  const loose = path.join(base, 'loose/manifests');
  mkdirSync(loose, { recursive: true });

  it('is --root when given', () => {
    expect(resolveRoot('elsewhere', base)).toBe(path.join(base, 'elsewhere'));
  });

  it('is the git repository holding the checked path, wherever the command runs', () => {
    expect(resolveRoot(undefined, base, 'repo/apps/web')).toBe(repo);
    expect(resolveRoot(undefined, path.join(repo, 'apps'), 'web')).toBe(repo);
  });

  it('is a checked directory outside any repository, so its files are never reported with ../', () => {
    expect(resolveRoot(undefined, repo, loose)).toBe(loose);
  });

  it('is the working directory repository for stdin and globs', () => {
    expect(resolveRoot(undefined, path.join(repo, 'apps'), '-')).toBe(repo);
    expect(resolveRoot(undefined, path.join(repo, 'apps'), '**/*.yaml')).toBe(repo);
  });
});
