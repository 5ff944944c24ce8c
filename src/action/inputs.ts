import { isSeverity, type Severity } from '../model/index.js';

/** Every input action.yml declares, with the defaults it declares (the runner sets them; direct runs fall back to these). */
export const INPUT_DEFAULTS = {
  paths: '.',
  config: '',
  'fail-on': '',
  formats: '',
  'sarif-file': 'syncgate.sarif',
  category: '',
  annotate: 'true',
  summary: 'true',
  'changed-since': '',
  baseline: '',
  'kubernetes-version': '',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

export interface ActionInputs {
  paths: string[];
  /** A config file, `none` for no config, or undefined for the nearest .syncgate.yaml. */
  config?: string | false;
  failOn?: Severity;
  /** Extra outputs, `format=file` as for `check --format`. */
  formats: string[];
  /** Empty: no SARIF file. */
  sarifFile: string;
  category?: string;
  annotate: boolean;
  summary: boolean;
  changedSince?: string;
  baseline?: string;
  kubernetesVersion?: string;
}

/** A mistake in the workflow's `with:` block: reported as an error annotation, exit code 2. */
export class ActionInputError extends Error {}

/**
 * The runner passes input `fail-on` as INPUT_FAIL-ON: upper-cased, spaces as underscores, dashes kept.
 * Values are trimmed, as @actions/core does.
 */
export function getInput(env: NodeJS.ProcessEnv, name: InputName): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return (value ?? INPUT_DEFAULTS[name]).trim();
}

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
export function getBooleanInput(env: NodeJS.ProcessEnv, name: InputName): boolean {
  const value = getInput(env, name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ActionInputError(`input ${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** One item per line (paths may hold spaces and globs may hold commas); blank lines and `#` comments are ignored. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = getInput(env, 'fail-on');
  if (failOn !== '' && !isSeverity(failOn)) {
    throw new ActionInputError(`input fail-on must be one of critical, high, medium, low, info, got ${JSON.stringify(failOn)}`);
  }
  const config = getInput(env, 'config');
  const inputs: ActionInputs = {
    paths: lines(getInput(env, 'paths')),
    formats: lines(getInput(env, 'formats')).flatMap((l) => l.split(',').map((f) => f.trim()).filter(Boolean)),
    sarifFile: getInput(env, 'sarif-file'),
    annotate: getBooleanInput(env, 'annotate'),
    summary: getBooleanInput(env, 'summary'),
  };
  if (inputs.paths.length === 0) inputs.paths = ['.'];
  if (config === 'none') inputs.config = false;
  else if (config !== '') inputs.config = config;
  if (failOn !== '') inputs.failOn = failOn as Severity;
  const optional: Array<[InputName, 'category' | 'changedSince' | 'baseline' | 'kubernetesVersion']> = [
    ['category', 'category'],
    ['changed-since', 'changedSince'],
    ['baseline', 'baseline'],
    ['kubernetes-version', 'kubernetesVersion'],
  ];
  for (const [name, key] of optional) {
    const value = getInput(env, name);
    if (value !== '') inputs[key] = value;
  }
  return inputs;
}
