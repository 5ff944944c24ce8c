/** One problem in a configuration file, with a 1-based position when one is known. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * An invalid configuration file. The message lists every problem as `file:line:col: what`,
 * so the CLI can print it as is and exit 2.
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }

  /** Where the first problem is (kept for callers that show one location). */
  get file(): string {
    return this.problems[0]?.file ?? '';
  }
  get line(): number {
    return this.problems[0]?.line ?? 1;
  }
  get column(): number {
    return this.problems[0]?.column ?? 1;
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}
