import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BaselineError, parseBaseline, serializeBaseline, type Baseline } from './baseline.js';

/** Reads a baseline file (BaselineError, naming the file, when missing or invalid). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaselineError(missing ? `baseline file not found: ${file} (create it with \`syncgate baseline\`)` : `cannot read baseline ${file}: ${(err as Error).message}`);
  }
  return parseBaseline(text, file);
}

/**
 * Writes the baseline. When the file already holds exactly these entries it is left untouched
 * (keeping its `created` date), so re-running `syncgate baseline` makes no diff.
 */
export function writeBaseline(file: string, baseline: Baseline): { written: boolean } {
  if (existsSync(file)) {
    try {
      const previous = parseBaseline(readFileSync(file, 'utf8'), file);
      if (sameEntries(previous, baseline)) return { written: false };
    } catch {
      // An unreadable old baseline is simply replaced.
    }
  }
  writeFileSync(file, serializeBaseline(baseline));
  return { written: true };
}

function sameEntries(a: Baseline, b: Baseline): boolean {
  return a.entries.length === b.entries.length && a.entries.every((e, i) => {
    const o = b.entries[i]!;
    return e.fingerprint === o.fingerprint && e.ruleId === o.ruleId && e.file === o.file && e.message === o.message;
  });
}
