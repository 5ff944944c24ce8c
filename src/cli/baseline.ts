import path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, mergeWithFlags, PRESETS, type EffectiveSettings, type FlagValues, type LoadedConfig } from '../config/index.js';
import { defaultRunOptions, run as runEngine, TOOL, type RunOptions, type RunResult } from '../engine/index.js';
import { SEVERITIES, type Severity } from '../model/index.js';
import { createBaseline, DEFAULT_BASELINE_FILE, writeBaseline } from '../waivers/index.js';
import { resolveKubernetesVersion } from '../schema/index.js';
import { EXIT, UsageError } from './errors.js';
import { resolveRoot } from './root.js';

/*
 * Shared flag handling for every command that runs the engine (check, baseline): the flags
 * that shape a run, the config file, and the merge "flags over config over defaults".
 * check.ts can adopt `addRunFlags` + `prepareRun` so both commands read flags the same way.
 */

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const collectWhole = (value: string, previous: string[]): string[] => [...previous, value];

/** Flags that shape a run (as commander returns them). */
export interface RunFlags {
  config?: string | false;
  exclude: string[];
  gitignore: boolean;
  strict?: boolean;
  kubernetesVersion?: string;
  crd: string[];
  schemaLocation: string[];
  skip: string[];
  reject: string[];
  failOn?: string;
  failOnMissingSchema: boolean;
  preset?: string;
  pssVersion?: string;
  policy: string[];
  root?: string;
  maxFileSize: string;
  namespace: string[];
  allNamespaces: boolean;
  data: string[];
  combine: boolean;
  regoV0: boolean;
  policyTimeout?: string;
  render: boolean;
  kustomizeBin?: string;
  helmBin?: string;
  allowNetwork: boolean;
  renderTimeout?: string;
  /** From addWaiverFlags (check only). */
  baseline?: string | false;
  reportWaivers?: boolean;
}

/** Adds the run-shaping flags, with the same names and meanings as `check`. No defaults for values a config may set. */
export function addRunFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'configuration file (default: the nearest .syncgate.yaml up to the repository root)')
    .option('--no-config', 'ignore .syncgate.yaml files')
    .option('-e, --exclude <glob>', 'skip files matching the glob (repeatable, comma-separated)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files in directories')
    .option('--strict', 'unknown fields and duplicate keys are errors')
    .option('-k, --kubernetes-version <1.NN>', 'Kubernetes minor version to validate against (default: newest shipped)')
    .option('--crd <path>', 'file or directory with CustomResourceDefinitions (repeatable)', collectWhole, [])
    .option('--schema-location <dir-or-template>', 'kubeconform-style JSON schema folder or path template (repeatable)', collectWhole, [])
    .option('--skip <kinds>', 'kinds not to validate (repeatable, comma-separated)', collect, [])
    .option('--reject <kinds>', 'kinds that are not allowed at all (repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'fail when a finding is at or above this severity (default: high)').choices([...SEVERITIES]))
    .option('--fail-on-missing-schema', 'a resource with no known schema is a finding instead of a skip', false)
    .addOption(new Option('--preset <preset>', 'built-in rule set (default: recommended)').choices([...PRESETS]))
    .option('--pss-version <1.NN|latest>', 'Pod Security Standards version')
    .option('--policy <dir>', 'directory of user policies: .ts, .js and .rego files (repeatable; default: policy/ when it exists)', collectWhole, [])
    .option('--namespace <ns>', 'Rego packages to run, conftest-style (repeatable, globs; default: main)', collectWhole, [])
    .option('--all-namespaces', 'run every Rego package found in the policy directories', false)
    .option('--data <path>', 'JSON/YAML files or folders exposed to Rego under data (repeatable)', collectWhole, [])
    .option('--combine', 'give Rego policies all resources as one input array (conftest --combine)', false)
    .option('--rego-v0', 'parse every Rego file as v0 syntax (default: detected per file)', false)
    .option('--policy-timeout <ms>', 'time budget of one TypeScript/JavaScript policy per run, in milliseconds')
    .option('--no-render', 'do not render Kustomize, Helm, Flux or Argo CD sources; check the plain files')
    .option('--kustomize-bin <path>', 'kustomize or kubectl binary (default: kustomize, else kubectl, on PATH)')
    .option('--helm-bin <path>', 'helm binary (default: helm on PATH)')
    .option('--allow-network', 'render remote bases and charts (fetched by kustomize and helm)', false)
    .option('--render-timeout <ms>', 'time limit of one render, in milliseconds', '120000')
    .option('--root <dir>', 'repository root that reported paths are relative to (default: the enclosing git repository)')
    .option('--max-file-size <MiB>', 'largest manifest file read, in MiB', '64');
}

/** `check`'s waiver flags: --baseline FILE, --no-baseline, --report-waivers. */
export function addWaiverFlags(cmd: Command): Command {
  return cmd
    .option('--baseline <file>', 'report only findings that are not in this baseline file (see syncgate baseline)')
    .option('--no-baseline', "ignore the config's baseline file")
    .option('--report-waivers', 'also report unused waivers and waivers expiring within 30 days');
}

/**
 * Only the values the user typed: commander fills defaults in, and a default must not hide a
 * config value (`--fail-on` absent means "the config's failOn", not "high").
 */
export function explicitFlagValues(cmd: Command, paths: string[], flags: RunFlags): FlagValues {
  const given = (key: string): boolean => cmd.getOptionValueSource(key) === 'cli' || cmd.getOptionValueSource(key) === 'env';
  const values: FlagValues = {};
  if (paths.length) values.paths = paths;
  if (flags.exclude.length) values.exclude = flags.exclude;
  if (given('strict')) values.strict = Boolean(flags.strict);
  if (given('kubernetesVersion') && flags.kubernetesVersion) values.kubernetesVersion = flags.kubernetesVersion;
  if (given('failOn') && flags.failOn) values.failOn = flags.failOn as Severity;
  if (given('preset') && flags.preset) values.preset = flags.preset as FlagValues['preset'] & string;
  if (given('pssVersion') && flags.pssVersion) values.pssVersion = flags.pssVersion;
  if (flags.crd.length) values.crds = flags.crd;
  if (flags.schemaLocation.length) values.schemaLocations = flags.schemaLocation;
  if (flags.skip.length) values.skipKinds = flags.skip;
  if (flags.reject.length) values.rejectKinds = flags.reject;
  if (flags.policy.length) values.policies = flags.policy;
  if (given('baseline') && flags.baseline !== undefined) values.baseline = flags.baseline;
  if (given('reportWaivers')) values.reportWaivers = Boolean(flags.reportWaivers);
  return values;
}

/** The nearest config for the first checked path (or the working directory); ConfigError becomes a usage error (exit 2). */
export function loadCliConfig(paths: string[], flags: Pick<RunFlags, 'config'>, cwd = process.cwd()): LoadedConfig | undefined {
  if (flags.config === false) return undefined;
  const first = paths.find((p) => p !== '-' && !/[*?[\]{}]/.test(p));
  try {
    return loadConfig(path.resolve(cwd, first ?? '.'), typeof flags.config === 'string' ? flags.config : undefined);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`invalid configuration:\n${err.message}`);
    throw err;
  }
}

/** Maps merged settings (and the config, for its waivers) onto RunOptions: the one place every run-shaped entry point builds them. */
export function runOptionsFromSettings(
  settings: EffectiveSettings,
  root: string,
  flags: Pick<RunFlags, 'gitignore' | 'failOnMissingSchema' | 'maxFileSize'> &
    Partial<Pick<RunFlags, 'namespace' | 'allNamespaces' | 'data' | 'combine' | 'regoV0' | 'policyTimeout' | 'render' | 'kustomizeBin' | 'helmBin' | 'allowNetwork' | 'renderTimeout'>>,
  config?: LoadedConfig,
): RunOptions {
  const maxMiB = Number(flags.maxFileSize);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) throw new UsageError(`--max-file-size must be a positive number of MiB, got ${flags.maxFileSize}`);
  if (settings.kubernetesVersion !== undefined && !/^\d+\.\d+$/.test(settings.kubernetesVersion)) {
    throw new UsageError(`--kubernetes-version must look like 1.33, got ${JSON.stringify(settings.kubernetesVersion)}`);
  }
  if (settings.kubernetesVersion !== undefined) {
    try {
      resolveKubernetesVersion(settings.kubernetesVersion);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return defaultRunOptions({
    root,
    inputs: settings.paths,
    exclude: settings.exclude,
    gitignore: flags.gitignore,
    strict: settings.strict,
    crdPaths: settings.crds,
    schemaLocations: settings.schemaLocations,
    skipKinds: settings.skipKinds,
    rejectKinds: settings.rejectKinds,
    failOn: settings.failOn,
    failOnMissingSchema: flags.failOnMissingSchema,
    maxFileBytes: Math.floor(maxMiB * 1024 * 1024),
    ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    policyDirs: settings.policies,
    rego: {
      namespaces: flags.namespace ?? [],
      allNamespaces: flags.allNamespaces ?? false,
      dataFiles: flags.data ?? [],
      combine: flags.combine ?? false,
      regoV0: flags.regoV0 ?? false,
    },
    ...(policyTimeoutMs(flags.policyTimeout) !== undefined ? { policyTimeoutMs: policyTimeoutMs(flags.policyTimeout)! } : {}),
    preset: settings.preset,
    ruleSettings: settings.rules,
    reportWaivers: settings.reportWaivers,
    ...(settings.pssVersion ? { pssVersion: settings.pssVersion } : {}),
    ...(settings.baseline ? { baseline: settings.baseline } : {}),
    ...(config ? { config } : {}),
    render: flags.render ?? true,
    allowNetwork: flags.allowNetwork ?? false,
    renderTimeoutMs: positiveMs(flags.renderTimeout ?? '120000', '--render-timeout'),
    ...(flags.kustomizeBin ? { kustomizeBin: flags.kustomizeBin } : {}),
    ...(flags.helmBin ? { helmBin: flags.helmBin } : {}),
  });
}

function policyTimeoutMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : positiveMs(value, '--policy-timeout');
}

function positiveMs(value: string, flag: string): number {
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`${flag} must be a positive number of milliseconds, got ${value}`);
  return ms;
}

/** Everything a run-shaped command needs before calling run(). */
export function prepareRun(cmd: Command, paths: string[], flags: RunFlags, cwd = process.cwd()): { root: string; config?: LoadedConfig; settings: EffectiveSettings; options: RunOptions } {
  const root = resolveRoot(flags.root, cwd, paths[0]);
  const config = loadCliConfig(paths, flags, cwd);
  const settings = mergeWithFlags(config, explicitFlagValues(cmd, paths, flags), root, cwd);
  const options = runOptionsFromSettings(settings, root, flags, config);
  return { root, ...(config ? { config } : {}), settings, options };
}

export interface BaselineCommandDeps {
  run?: (options: RunOptions) => Promise<RunResult>;
  now?: () => Date;
  write?: (text: string) => void;
  cwd?: () => string;
}

/** `syncgate baseline [paths...] [-o FILE]`: accept today's findings so that `check --baseline` reports only new ones. */
export function baselineCommand(deps: BaselineCommandDeps = {}): Command {
  const cmd = new Command('baseline')
    .description(`Record today's findings in a baseline file (default ${DEFAULT_BASELINE_FILE}); check --baseline then reports only new findings.`)
    .argument('[paths...]', 'files, directories or glob patterns (default: the config paths, else .)')
    .option('-o, --output <file>', `baseline file to write (default: the config's baseline, else ${DEFAULT_BASELINE_FILE} at the repository root)`);
  addRunFlags(cmd);
  return cmd.action(async (paths: string[], flags: RunFlags & { output?: string }, command: Command) => {
    process.exitCode = await runBaseline(command, paths, flags, deps);
  });
}

async function runBaseline(cmd: Command, paths: string[], flags: RunFlags & { output?: string }, deps: BaselineCommandDeps): Promise<number> {
  const cwd = deps.cwd?.() ?? process.cwd();
  const write = deps.write ?? ((t: string) => process.stdout.write(t));
  const { root, settings, options } = prepareRun(cmd, paths, flags, cwd);
  const result = await (deps.run ?? runEngine)(options);
  if (result.inputErrors.length > 0) {
    for (const e of result.inputErrors) process.stderr.write(`syncgate: ${e}\n`);
    return EXIT.error;
  }
  const file = flags.output ? path.resolve(cwd, flags.output) : (settings.baseline ?? path.join(root, DEFAULT_BASELINE_FILE));
  const baseline = createBaseline(result.report.findings, TOOL, deps.now?.() ?? new Date());
  const { written } = writeBaseline(file, baseline);
  const shown = path.relative(cwd, file) || file;
  const n = baseline.entries.length;
  write(`${written ? 'wrote' : 'unchanged:'} ${shown}: ${n} finding${n === 1 ? '' : 's'} accepted\n`);
  return EXIT.pass;
}
