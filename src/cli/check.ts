import { Command } from 'commander';
import { run } from '../engine/index.js';
import { verdictOf } from '../report/index.js';
import { addRunFlags, addWaiverFlags, prepareRun, type RunFlags } from './baseline.js';
import { EXIT, UsageError } from './errors.js';
import { parseOutputs, writeOutputs } from './output.js';
import { applyChangedSince, ChangedSinceError, keepsEveryFinding } from '../diff/index.js';

interface CheckFlags extends RunFlags {
  format: string[];
  verbose: boolean;
  color: boolean;
  sarifCategory?: string;
  changedSince?: string;
}

const collectWhole = (value: string, previous: string[]): string[] => [...previous, value];

export function checkCommand(): Command {
  const cmd = new Command('check')
    .description(
      'Validate Kubernetes manifests: YAML, schemas (built-in Kubernetes versions and CRDs), API deprecations, metadata rules and the built-in policies, with waivers and baselines.',
    )
    .argument('[paths...]', 'files, directories, glob patterns, or - for standard input (default: the config paths, else .)');
  addWaiverFlags(addRunFlags(cmd));
  return cmd
    .option('-f, --format <format[=file]>', 'output format, optionally to a file: text, json, sarif, gitlab-codequality, gitlab-sast, junit, markdown, github (repeatable)', collectWhole, [])
    .option('--sarif-category <id>', 'SARIF automationDetails.id (distinguishes several uploads)')
    .option('--changed-since <ref>', 'check everything, report only findings on lines changed since the merge base of REF and HEAD (and in uncommitted or untracked files); sarif, gitlab and junit reports keep every finding')
    .option('-v, --verbose', 'list skipped files and documents with their reasons', false)
    .option('--no-color', 'no colours in terminal output')
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      process.exitCode = await runCheck(command, paths, flags);
    });
}

async function runCheck(command: Command, paths: string[], flags: CheckFlags): Promise<number> {
  const { settings, options } = prepareRun(command, paths, flags);
  const outputs = parseOutputs(flags.format.length ? flags.format : settings.formats);
  const result = await run(options);
  if (result.inputErrors.length > 0) {
    for (const e of result.inputErrors) process.stderr.write(`syncgate: ${e}\n`);
    return EXIT.error;
  }
  let shown = result.report;
  if (flags.changedSince) {
    try {
      const narrowed = await applyChangedSince(result.report, flags.changedSince);
      shown = narrowed.report;
      if (narrowed.hidden > 0) {
        process.stderr.write(`syncgate: ${narrowed.hidden} finding${narrowed.hidden === 1 ? '' : 's'} in code not changed since ${flags.changedSince} not reported\n`);
      }
    } catch (err) {
      if (err instanceof ChangedSinceError) throw new UsageError(err.message);
      throw err;
    }
  }
  const color = flags.color && Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
  const formatOptions = { color, verbose: flags.verbose, ...(flags.sarifCategory ? { sarifCategory: flags.sarifCategory } : {}) };
  for (const target of outputs) {
    // SARIF, GitLab and JUnit reports are compared as whole analyses by the platforms: they keep every finding.
    writeOutputs(keepsEveryFinding(target.format) ? result.report : shown, result.store, [target], formatOptions);
  }
  return verdictOf(shown).failed ? EXIT.findings : EXIT.pass;
}
