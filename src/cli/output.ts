import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceStore } from '../load/index.js';
import { render, parseFormatSpec, type FormatName, type FormatOptions } from '../report/index.js';
import type { Report } from '../model/index.js';
import { UsageError } from './errors.js';

export interface OutputTarget {
  format: FormatName;
  file?: string;
}

export function parseOutputs(specs: string[]): OutputTarget[] {
  const list = specs.length ? specs : ['text'];
  return list.map((spec) => {
    try {
      return parseFormatSpec(spec);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
}

/** Writes every requested output; files are written even when the run fails. */
export function writeOutputs(report: Report, store: SourceStore, targets: OutputTarget[], options: Omit<FormatOptions, 'readSource'>): void {
  const formatOptions: FormatOptions = { ...options, readSource: (file) => store.read(file) };
  for (const target of targets) {
    const { text, warnings } = render(target.format, report, { ...formatOptions, color: target.file ? false : options.color });
    for (const warning of warnings) process.stderr.write(`syncgate: ${target.format}: ${warning}\n`);
    if (target.file) {
      mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
      writeFileSync(target.file, text.endsWith('\n') ? text : text + '\n');
    } else {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  }
}
