import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * Every temporary directory the suites make (fixtures, rendered repositories, CLI runs) goes
 * under one directory per test run, removed at the end: the test workers and the programs they
 * start inherit TMPDIR, so os.tmpdir() points there without each suite cleaning up after itself.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-tests-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = dir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
