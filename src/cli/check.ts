import { Command, Option } from 'commander';
import { run, defaultRunOptions, type RunOptions } from '../engine/index.js';
import { SEVERITIES, isSeverity, type Severity } from '../model/index.js';
import { verdictOf } from '../report/index.js';
import { EXIT, UsageError } from './errors.js';
import { parseOutputs, writeOutputs } from './output.js';
import { resolveRoot } from './root.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const collectWhole = (value: string, previous: string[]): string[] => [...previous, value];

interface CheckFlags {
  exclude: string[];
  gitignore: boolean;
  strict: boolean;
  kubernetesVersion?: string;
  crd: string[];
  schemaLocation: string[];
  skip: string[];
  reject: string[];
  failOn: string;
  failOnMissingSchema: boolean;
  format: string[];
  verbose: boolean;
  color: boolean;
  root?: string;
  maxFileSize: string;
  sarifCategory?: string;
}

export function checkCommand(): Command {
  return new Command('check')
    .description('Validate Kubernetes manifests: YAML, schemas (built-in Kubernetes versions and CRDs), API deprecations and metadata rules.')
    .argument('[paths...]', 'files, directories, glob patterns, or - for standard input', ['.'])
    .option('-e, --exclude <glob>', 'skip files matching the glob (repeatable, comma-separated)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files in directories')
    .option('--strict', 'unknown fields and duplicate keys are errors', false)
    .option('-k, --kubernetes-version <1.NN>', 'Kubernetes minor version to validate against (default: newest shipped)')
    .option('--crd <path>', 'file or directory with CustomResourceDefinitions to validate custom resources (repeatable)', collectWhole, [])
    .option('--schema-location <dir-or-template>', 'kubeconform-style JSON schema folder or path template (repeatable)', collectWhole, [])
    .option('--skip <kinds>', 'kinds not to validate: Kind or group/version/Kind, comma-separated (repeatable)', collect, [])
    .option('--reject <kinds>', 'kinds that are not allowed at all (repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'fail when a finding is at or above this severity').choices([...SEVERITIES]).default('high'))
    .option('--fail-on-missing-schema', 'a resource with no known schema is a finding instead of a skip', false)
    .option('-f, --format <format[=file]>', 'output format, optionally to a file: text, json, sarif, gitlab-codequality, gitlab-sast, junit, markdown, github (repeatable)', collectWhole, [])
    .option('--sarif-category <id>', 'SARIF automationDetails.id (distinguishes several uploads)')
    .option('-v, --verbose', 'list skipped files and documents with their reasons', false)
    .option('--no-color', 'no colours in terminal output')
    .option('--root <dir>', 'repository root that reported paths are relative to (default: the enclosing git repository)')
    .option('--max-file-size <MiB>', 'largest manifest file read, in MiB', '64')
    .action(async (paths: string[], flags: CheckFlags) => {
      process.exitCode = await runCheck(paths, flags);
    });
}

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const outputs = parseOutputs(flags.format);
  const maxMiB = Number(flags.maxFileSize);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) throw new UsageError(`--max-file-size must be a positive number of MiB, got ${flags.maxFileSize}`);
  if (!isSeverity(flags.failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  const options: RunOptions = defaultRunOptions({
    root: resolveRoot(flags.root),
    inputs: paths,
    exclude: flags.exclude,
    gitignore: flags.gitignore,
    strict: flags.strict,
    crdPaths: flags.crd,
    schemaLocations: flags.schemaLocation,
    skipKinds: flags.skip,
    rejectKinds: flags.reject,
    failOn: flags.failOn as Severity,
    failOnMissingSchema: flags.failOnMissingSchema,
    maxFileBytes: Math.floor(maxMiB * 1024 * 1024),
    ...(flags.kubernetesVersion ? { kubernetesVersion: normaliseVersion(flags.kubernetesVersion) } : {}),
  });
  let result;
  try {
    result = await run(options);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const message = (err as Error).message ?? String(err);
    if (/kubernetes version|not available|unknown version/i.test(message)) throw new UsageError(message);
    throw err;
  }
  if (result.inputErrors.length > 0) {
    for (const e of result.inputErrors) process.stderr.write(`syncgate: ${e}\n`);
    return EXIT.error;
  }
  const color = flags.color && Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
  writeOutputs(result.report, result.store, outputs, {
    color,
    verbose: flags.verbose,
    ...(flags.sarifCategory ? { sarifCategory: flags.sarifCategory } : {}),
  });
  return verdictOf(result.report).failed ? EXIT.findings : EXIT.pass;
}

/** Accepts `1.33`, `v1.33`, `1.33.2` and `v1.33.2` (kubeconform's form). */
function normaliseVersion(input: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(input.trim());
  if (!m) throw new UsageError(`--kubernetes-version must look like 1.33, got ${JSON.stringify(input)}`);
  return `${m[1]}.${m[2]}`;
}
