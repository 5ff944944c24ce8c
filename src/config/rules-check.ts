import type { Rule } from '../model/index.js';
import type { ConfigProblem } from './errors.js';
import type { LoadedConfig } from './load.js';
import path from 'node:path';
import { escapePointerToken } from '../model/index.js';
import { globToRegExp } from './rule-settings.js';
import { closest } from './validate.js';

/**
 * `rules:` entries that name no known rule (a typo silently changes nothing otherwise). Glob
 * keys (`k8s/*`) must match at least one rule. Call once the run's rules are known; the CLI
 * should treat these as a ConfigError.
 */
export function unknownRuleSettings(loaded: LoadedConfig, known: readonly Rule[]): ConfigProblem[] {
  const ids = known.map((r) => r.id);
  const file = path.relative(process.cwd(), loaded.file) || loaded.file;
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(loaded.config.rules ?? {})) {
    const matches = id.includes('*') ? ids.some((k) => globToRegExp(id).test(k)) : ids.includes(id);
    if (matches) continue;
    const range = loaded.locate(`/rules/${escapePointerToken(id)}`);
    const hint = closest(id, ids);
    problems.push({
      file,
      line: range.startLine,
      column: range.startColumn,
      message: `unknown rule "${id}" in rules${hint ? ` (did you mean "${hint}"?)` : ''}; \`syncgate rules\` lists them`,
    });
  }
  return problems;
}
