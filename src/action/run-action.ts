import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCliConfig, runOptionsFromSettings } from '../cli/baseline.js';
import { resolveRoot } from '../cli/root.js';
import { mergeWithFlags, type FlagValues } from '../config/index.js';
import { applyChangedSince, keepsEveryFinding } from '../diff/index.js';
import { run, type RunOptions } from '../engine/index.js';
import type { Report } from '../model/index.js';
import { githubStepSummary, parseFormatSpec, render, summaryLine, verdictOf, type FormatOptions } from '../report/index.js';
import { escapeData } from '../report/index.js';
import { getBooleanInput, readInputs, type ActionInputs } from './inputs.js';
import { appendSummary, setOutput } from './outputs.js';

export const ACTION_EXIT = { pass: 0, findings: 1, error: 2 } as const;

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  /** The job log (workflow commands such as annotations go here). */
  log(text: string): void;
}

/**
 * The GitHub Action: read the inputs, run the engine once, then write the SARIF file, the
 * annotations, the job summary, the extra formats and the outputs. With `changed-since`, only
 * the whole-analysis formats (SARIF, GitLab, JUnit: see WHOLE_ANALYSIS_FORMATS) keep every
 * finding. Returns the exit code.
 */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const workspace = path.resolve(env['GITHUB_WORKSPACE'] || process.cwd());
  let exitCode: number = ACTION_EXIT.error;
  let outcome: { report: Report; sarifFile?: string } | undefined;
  try {
    const inputs = readInputs(env);
    outcome = await check(inputs, workspace, io);
    exitCode = verdictOf(outcome.report).failed ? ACTION_EXIT.findings : ACTION_EXIT.pass;
    io.log(`${summaryLine(outcome.report, verdictOf(outcome.report))}\n`);
  } catch (err) {
    // What core.setFailed does: an error annotation the run page shows at the top.
    const message = (err as Error)?.message ?? String(err);
    io.log(`::error title=syncgate::${escapeData(message)}\n`);
    // The summary is where people look first; say that the check did not run rather than leave it empty.
    if (env['GITHUB_STEP_SUMMARY'] && summaryWanted(env)) {
      appendSummary(env['GITHUB_STEP_SUMMARY'], `### :warning: syncgate could not check the manifests\n\n\`\`\`text\n${message.replace(/`{3,}/g, "'''")}\n\`\`\`\n`);
    }
  }
  const verdict = outcome ? verdictOf(outcome.report) : undefined;
  const outputFile = env['GITHUB_OUTPUT'];
  setOutput(outputFile, 'sarif-file', outcome?.sarifFile ?? '');
  setOutput(outputFile, 'findings-count', String(verdict?.total ?? 0));
  setOutput(outputFile, 'max-severity', verdict?.maxSeverity ?? 'none');
  setOutput(outputFile, 'exit-code', String(exitCode));
  return exitCode;
}

async function check(inputs: ActionInputs, workspace: string, io: ActionIo): Promise<{ report: Report; sarifFile?: string }> {
  // Format mistakes are input mistakes: report them before spending a run.
  const targets = inputs.formats.map((spec) => parseFormatSpec(spec));
  const options = runOptionsFor(inputs, workspace);
  const result = await run(options);
  if (result.inputErrors.length > 0) throw new Error(result.inputErrors.join('\n'));
  const formatOptions: FormatOptions = {
    readSource: (file) => result.store.read(file),
    color: false,
    verbose: false,
    ...(inputs.category ? { sarifCategory: inputs.category } : {}),
    ...repoUrl(io.env),
  };

  let shown = result.report;
  let hiddenNote = '';
  if (inputs.changedSince) {
    const ref = changedSinceRef(inputs.changedSince, io.env);
    if (ref) {
      const narrowed = await applyChangedSince(result.report, ref);
      shown = narrowed.report;
      if (narrowed.hidden > 0) hiddenNote = `\n<sub>${plural(narrowed.hidden, 'finding')} in code not changed since \`${ref}\` not shown here${inputs.sarifFile ? ' (they are in the SARIF file)' : ''}.</sub>\n`;
      io.log(`syncgate: changed since ${ref}: ${plural(narrowed.changedFiles, 'changed file')}, ${plural(narrowed.hidden, 'finding')} in unchanged code not reported\n`);
    }
  }

  // After the diff: the reports written into the workspace are untracked files themselves.
  let sarifFile: string | undefined;
  if (inputs.sarifFile) {
    sarifFile = path.resolve(workspace, inputs.sarifFile);
    writeReport(sarifFile, result.report, 'sarif', formatOptions, io);
  }
  for (const target of targets) {
    const report = keepsEveryFinding(target.format) ? result.report : shown;
    if (target.file) writeReport(path.resolve(workspace, target.file), report, target.format, formatOptions, io);
    else io.log(ensureNewline(render(target.format, report, formatOptions).text));
  }
  if (inputs.annotate) io.log(render('github', shown, formatOptions).text);
  if (inputs.summary) appendSummary(io.env['GITHUB_STEP_SUMMARY'], githubStepSummary(shown, formatOptions) + hiddenNote);
  return { report: shown, ...(sarifFile ? { sarifFile } : {}) };
}

/** The same settings `syncgate check` uses: flags (the inputs) over the config file over defaults. */
function runOptionsFor(inputs: ActionInputs, workspace: string): RunOptions {
  const root = resolveRoot(undefined, workspace);
  const paths = inputs.paths.map((p) => (p === '-' ? p : path.resolve(workspace, p)));
  const configFlag = typeof inputs.config === 'string' ? path.resolve(workspace, inputs.config) : inputs.config;
  const config = loadCliConfig(paths, configFlag === undefined ? {} : { config: configFlag }, workspace);
  const flags: FlagValues = { paths };
  if (inputs.failOn) flags.failOn = inputs.failOn;
  if (inputs.kubernetesVersion) flags.kubernetesVersion = inputs.kubernetesVersion;
  if (inputs.baseline) flags.baseline = inputs.baseline;
  const settings = mergeWithFlags(config, flags, root, workspace);
  return runOptionsFromSettings(settings, root, { gitignore: true, failOnMissingSchema: false, maxFileSize: '64' }, config);
}

/**
 * `auto`: on pull_request events, the base branch as actions/checkout fetches it
 * (`origin/<GITHUB_BASE_REF>`); elsewhere no narrowing. Anything else is a git ref.
 */
export function changedSinceRef(value: string, env: NodeJS.ProcessEnv): string | undefined {
  if (value !== 'auto') return value;
  const base = env['GITHUB_BASE_REF'];
  return base ? `origin/${base}` : undefined;
}

/** Blob links in the summary: https://github.com/OWNER/REPO/blob/SHA. */
function repoUrl(env: NodeJS.ProcessEnv): { repoUrl?: string } {
  const server = env['GITHUB_SERVER_URL'];
  const repo = env['GITHUB_REPOSITORY'];
  const sha = env['GITHUB_SHA'];
  return server && repo && sha ? { repoUrl: `${server.replace(/\/+$/, '')}/${repo}/blob/${sha}` } : {};
}

function writeReport(file: string, report: Report, format: Parameters<typeof render>[0], options: FormatOptions, io: ActionIo): void {
  const { text, warnings } = render(format, report, options);
  for (const warning of warnings) io.log(`::warning title=syncgate ${format}::${escapeData(warning)}\n`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, ensureNewline(text));
}

/** The summary input, read leniently: an invalid value is already being reported. */
function summaryWanted(env: NodeJS.ProcessEnv): boolean {
  try {
    return getBooleanInput(env, 'summary');
  } catch {
    return true;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n';
}
