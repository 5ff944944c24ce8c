import { Command } from 'commander';
import { run, type RunOptions } from '../engine/index.js';
import { verdictOf } from '../report/index.js';
import { addRunFlags, addWaiverFlags, prepareRun, type RunFlags } from './baseline.js';
import { EXIT } from './errors.js';
import { parseOutputs, writeOutputs } from './output.js';

interface CheckFlags extends RunFlags {
  format: string[];
  verbose: boolean;
  color: boolean;
  sarifCategory?: string;
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
    .option('-v, --verbose', 'list skipped files and documents with their reasons', false)
    .option('--no-color', 'no colours in terminal output')
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      process.exitCode = await runCheck(command, paths, flags);
    });
}

async function runCheck(command: Command, paths: string[], flags: CheckFlags): Promise<number> {
  const { settings, config, options: base } = prepareRun(command, paths, flags);
  const outputs = parseOutputs(flags.format.length ? flags.format : settings.formats);
  const options: RunOptions = {
    ...base,
    preset: settings.preset,
    ruleSettings: settings.rules,
    reportWaivers: settings.reportWaivers,
    ...(settings.pssVersion ? { pssVersion: settings.pssVersion } : {}),
    ...(config ? { config } : {}),
    ...(settings.baseline ? { baseline: settings.baseline } : {}),
  };
  const result = await run(options);
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
