import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { mergeWithFlags } from '../config/index.js';
import { run, type RunOptions, type RunResult } from '../engine/index.js';
import { isInside, KUSTOMIZATION_FILE_NAMES } from '../load/index.js';
import type { Finding } from '../model/index.js';
import { RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED, RULE_TOOL_MISSING, type ChartRelease } from '../render/index.js';
import { render, verdictOf } from '../report/index.js';
import { addRunFlags, explicitFlagValues, loadCliConfig, runOptionsFromSettings, type RunFlags } from './baseline.js';
import { EXIT, UsageError } from './errors.js';
import { parseOutputs } from './output.js';
import { gitRepositoryOf, resolveRoot } from './root.js';

/*
 * `syncgate gate DIR`: the Argo CD Config Management Plugin step. Render the application's
 * manifests, check them, and print them on stdout only when they pass; otherwise print the
 * report on stderr and exit non-zero, so Argo CD reports a ComparisonError and syncs nothing.
 * What is printed is exactly what was checked. Rendering is run()'s own (src/render), so a
 * finding in a Kustomize application points at the base or patch file that wrote the field.
 */

export type RendererName = 'auto' | 'plain' | 'kustomize' | 'helm';

/** What run() is given for a directory: its inputs, whether they are rendered, and as what. */
export interface GateInputs {
  inputs: string[];
  render: boolean;
  /** The directory is a Helm chart. */
  chart?: boolean;
}

/**
 * A directory with a kustomization is exactly what `kustomize build` makes of it (files it does
 * not name are not part of the application, as for Argo CD); a Helm chart (Chart.yaml) is what
 * `helm template` makes of it; otherwise every YAML/JSON file.
 */
export function gateInputs(dir: string, renderer: RendererName): GateInputs {
  const kustomization = [...KUSTOMIZATION_FILE_NAMES].map((name) => path.join(dir, name)).find((file) => existsSync(file));
  const chart = existsSync(path.join(dir, 'Chart.yaml'));
  if (renderer === 'kustomize' && !kustomization) throw new UsageError(`${dir} has no kustomization.yaml; use --renderer plain`);
  if (renderer === 'helm' && !chart) throw new UsageError(`${dir} has no Chart.yaml; use --renderer plain`);
  if (renderer === 'plain') return { inputs: [dir], render: false };
  if (kustomization && renderer !== 'helm') return { inputs: [kustomization], render: true };
  if (chart) return { inputs: [dir], render: true, chart: true };
  return { inputs: [dir], render: false };
}

/**
 * The release of a chart application: flags first, else what Argo CD gives a plugin (the
 * application's name and destination namespace, and `HELM_VALUES` from the plugin's env, which
 * Argo CD passes as ARGOCD_ENV_HELM_VALUES). Values files are relative to DIR and must stay in
 * the repository.
 */
export function chartReleaseOf(dir: string, root: string, flags: Pick<GateFlags, 'helmRelease' | 'helmNamespace' | 'helmValues'>, env: NodeJS.ProcessEnv): ChartRelease {
  const fromEnv = (env['ARGOCD_ENV_HELM_VALUES'] ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const valuesFiles = (flags.helmValues.length ? flags.helmValues : fromEnv).map((v) => {
    const abs = path.resolve(dir, v);
    if (!isInside(root, abs)) throw new UsageError(`values file ${v} is outside the repository`);
    if (!existsSync(abs)) throw new UsageError(`values file ${v} does not exist`);
    // helm follows symbolic links: the file it will read must be in the repository too
    if (!isInside(realpathSync(root), realpathSync(abs))) throw new UsageError(`values file ${v} is outside the repository`);
    return abs;
  });
  const releaseName = flags.helmRelease ?? env['ARGOCD_APP_NAME'];
  const namespace = flags.helmNamespace ?? env['ARGOCD_APP_NAMESPACE'];
  return { chartDir: dir, valuesFiles, ...(releaseName ? { releaseName } : {}), ...(namespace ? { namespace } : {}) };
}

/**
 * Findings that mean the printed manifests would not be the application: printing a partial
 * render would make Argo CD prune what is missing. They block whatever --fail-on or waivers say.
 */
const INCOMPLETE_RENDER_RULES = new Set([RULE_RENDER_FAILED.id, RULE_PATH_ESCAPE.id, RULE_TOOL_MISSING.id, RULE_REMOTE_NOT_RENDERED.id]);

function incompleteRender(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => INCOMPLETE_RENDER_RULES.has(f.ruleId));
}

export interface GateDeps {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  cwd?: () => string;
  env?: NodeJS.ProcessEnv;
}

interface GateFlags extends RunFlags {
  renderer: RendererName;
  format: string[];
  helmRelease?: string;
  helmNamespace?: string;
  helmValues: string[];
}

export function gateCommand(deps: GateDeps = {}): Command {
  const cmd = new Command('gate')
    .description('Render a directory (Kustomize when it has a kustomization, Helm when it is a chart, else its plain YAML/JSON files), check it, and print the manifests only when they pass (Argo CD plugin generate step). The report goes to stderr.')
    .argument('[dir]', 'application directory (default: the working directory, as Argo CD runs plugins)', '.');
  addRunFlags(cmd);
  return cmd
    .addOption(new Option('--renderer <renderer>', 'how to render the directory').choices(['auto', 'plain', 'kustomize', 'helm']).default('auto'))
    .option('--helm-release <name>', 'release name of a chart directory (default: $ARGOCD_APP_NAME)')
    .option('--helm-namespace <namespace>', 'namespace of a chart directory (default: $ARGOCD_APP_NAMESPACE)')
    .option('--helm-values <file>', 'values file of a chart directory, relative to it (repeatable; default: $ARGOCD_ENV_HELM_VALUES, comma-separated)', (v: string, prev: string[]) => [...prev, v], [])
    .option('-f, --format <format>', 'report format on stderr (text, json, markdown, ...)', (v: string, prev: string[]) => [...prev, v], [])
    .action(async (dir: string, flags: GateFlags, command: Command) => {
      process.exitCode = await runGate(command, dir, flags, deps);
    });
}

async function runGate(cmd: Command, dirArg: string, flags: GateFlags, deps: GateDeps): Promise<number> {
  const out = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const cwd = deps.cwd?.() ?? process.cwd();
  const dir = path.resolve(cwd, dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dirArg} is not a directory`);
  const formats = parseOutputs(flags.format.length ? flags.format : ['text']);

  const root = flags.root ? resolveRoot(flags.root, cwd) : (gitRepositoryOf(dir) ?? argoRepositoryRoot(dir, deps.env ?? process.env) ?? dir);
  const config = loadCliConfig([dir], flags, cwd);
  const settings = mergeWithFlags(config, explicitFlagValues(cmd, [dir], flags), root, cwd);
  const base = runOptionsFromSettings(settings, root, flags, config);
  const { inputs, render: renders, chart } = gateInputs(dir, flags.renderer);
  if (renders && !base.render) throw new UsageError(`${dirArg} is rendered by ${chart ? 'Helm' : 'Kustomize'}: --no-render would check files Argo CD does not apply (use --renderer plain to check the plain files)`);
  const options: RunOptions = { ...base, inputs, render: renders, ...(chart ? { chartRelease: chartReleaseOf(dir, root, flags, deps.env ?? process.env) } : {}) };
  const result = await run(options);
  if (result.inputErrors.length > 0) {
    for (const e of result.inputErrors) err(`syncgate: ${e}\n`);
    return EXIT.error;
  }
  const incomplete = incompleteRender(result.report.findings);
  if (incomplete.length > 0) {
    err(`syncgate: ${dirArg} could not be rendered completely, so nothing is printed (Argo CD would prune what is missing):\n`);
    for (const f of incomplete) err(`  ${f.file}:${f.range.startLine}:${f.range.startColumn}: ${f.ruleId}: ${f.message}\n`);
    return EXIT.error;
  }
  if (verdictOf(result.report).failed) {
    writeReport(result, formats, err);
    return EXIT.findings;
  }
  out(yamlStream(result));
  return EXIT.pass;
}

/**
 * The repository root from Argo CD's ARGOCD_APP_SOURCE_PATH (the application's path in the
 * repository): the plugin receives the repository as a tarball, without .git when the operator
 * excludes it, and an overlay's `../../base` must still be inside the root.
 */
export function argoRepositoryRoot(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const appPath = env['ARGOCD_APP_SOURCE_PATH'];
  if (appPath === undefined) return undefined;
  const relative = path.normalize(appPath).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (relative === '' || relative === '.') return dir;
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const suffix = path.sep + relative;
  return dir.endsWith(suffix) ? dir.slice(0, -suffix.length) || path.sep : undefined;
}

function writeReport(result: RunResult, formats: ReturnType<typeof parseOutputs>, err: (t: string) => void): void {
  for (const target of formats) {
    const { text } = render(target.format, result.report, { color: false, verbose: false, readSource: (file) => result.store.read(file) });
    err(text.endsWith('\n') ? text : text + '\n');
  }
}

/** The checked resources as one YAML stream (what Argo CD reads from a plugin). */
export function yamlStream(result: Pick<RunResult, 'resources'>): string {
  return result.resources.map((r) => `---\n${stringify(r.object, { lineWidth: 0 })}`).join('');
}
