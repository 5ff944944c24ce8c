import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A directory holding a `syncgate` executable that runs this checkout's sources (through tsx, so
 * no build is needed): put it first on PATH to run scripts the way users run the installed CLI.
 */
export function syncgateShimDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-bin-'));
  const shim = path.join(dir, 'syncgate');
  const main = path.join(PROJECT_ROOT, 'src/cli/main.ts');
  // tsx resolved from this checkout, not from the directory the script runs in.
  const tsx = import.meta.resolve('tsx');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --import "${tsx}" "${main}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}
