import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary tree from `{ 'relative/path': 'content' }`; returns its absolute root. */
export function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'syncgate-config-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** The ConfigError a call throws, or fails the test. */
export function configErrorOf(fn: () => unknown): { message: string; problems: Array<{ file: string; line: number; column: number; message: string }> } {
  try {
    fn();
  } catch (err) {
    if ((err as Error).name === 'ConfigError') return err as never;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
