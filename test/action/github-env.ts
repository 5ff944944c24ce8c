import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The files a GitHub runner gives a step: $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY, empty at the start. */
export function runnerFiles(): { dir: string; output: string; summary: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'syncgate-action-'));
  const output = path.join(dir, 'github_output');
  const summary = path.join(dir, 'step_summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  return { dir, output, summary };
}

/** Inputs as the runner passes them: INPUT_ + the name upper-cased, dashes kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
}

/** Reads $GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIM ... DELIM` blocks. */
export function parseGithubOutput(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated value for ${name}`);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
