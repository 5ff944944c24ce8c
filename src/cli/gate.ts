import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { mergeWithFlags } from '../config/index.js';
import { run, type RunOptions, type RunResult } from '../engine/index.js';
import { KUSTOMIZATION_FILE_NAMES } from '../load/index.js';
import { render, verdictOf } from '../report/index.js';
import { addRunFlags, explicitFlagValues, loadCliConfig, runOptionsFromSettings, type RunFlags } from './baseline.js';
import { EXIT, UsageError } from './errors.js';
import { parseOutputs } from './output.js';
import { resolveRoot } from './root.js';

/*
 * `syncgate gate DIR`: the Argo CD Config Management Plugin step. Render the application's
 * manifests, check them, and print them on stdout only when they pass; otherwise print the
 * report on stderr and exit non-zero, so Argo CD reports a ComparisonError and syncs nothing.
 * What is printed is exactly what was checked.
 */

export type RendererName = 'auto' | 'plain' | 'kustomize';

/** What a renderer hands to the checks: a directory to load as files, or a rendered YAML stream. */
export type Rendered = { type: 'files'; dir: string } | { type: 'stream'; text: string; tool: string };

/** Swap point for src/render: today plain directories and `kustomize build` / `kubectl kustomize` from PATH. */
export async function renderDirectory(dir: string, renderer: RendererName): Promise<Rendered> {
  const hasKustomization = [...KUSTOMIZATION_FILE_NAMES].some((name) => existsSync(path.join(dir, name)));
  if (renderer === 'plain' || (renderer === 'auto' && !hasKustomization)) return { type: 'files', dir };
  if (!hasKustomization) throw new UsageError(`${dir} has no kustomization.yaml; use --renderer plain`);
  for (const [tool, args] of [
    ['kustomize', ['build', dir]],
    ['kubectl', ['kustomize', dir]],
  ] as const) {
    const result = await exec(tool, [...args]);
    if (result.missing) continue;
    if (result.code !== 0) throw new UsageError(`${tool} ${args.join(' ')} failed:\n${result.stderr.trim()}`);
    return { type: 'stream', text: result.stdout, tool };
  }
  throw new UsageError(`${dir} has a kustomization, but neither kustomize nor kubectl is on PATH (or use --renderer plain)`);
}

interface ExecResult {
  missing: boolean;
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[]): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 256 * 1024 * 1024, timeout: 60_000, env: process.env }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') return resolve({ missing: true, code: 127, stdout: '', stderr: '' });
      resolve({ missing: false, code: error ? (typeof code === 'number' ? code : 1) : 0, stdout, stderr: stderr || (error?.message ?? '') });
    });
  });
}

export interface GateDeps {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  cwd?: () => string;
  render?: typeof renderDirectory;
}

interface GateFlags extends RunFlags {
  renderer: RendererName;
  format: string[];
}

export function gateCommand(deps: GateDeps = {}): Command {
  const cmd = new Command('gate')
    .description('Render a directory (plain YAML, or Kustomize), check it, and print the manifests only when they pass (Argo CD plugin generate step). The report goes to stderr.')
    .argument('[dir]', 'application directory (default: the working directory, as Argo CD runs plugins)', '.');
  addRunFlags(cmd);
  return cmd
    .addOption(new Option('--renderer <renderer>', 'how to render the directory').choices(['auto', 'plain', 'kustomize']).default('auto'))
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

  const root = resolveRoot(flags.root, dir);
  const config = loadCliConfig([dir], flags, cwd);
  const settings = mergeWithFlags(config, explicitFlagValues(cmd, [dir], flags), root, cwd);
  const base = runOptionsFromSettings(settings, root, flags, config);
  const rendered = await (deps.render ?? renderDirectory)(dir, flags.renderer);
  const options: RunOptions = {
    ...base,
    ...(rendered.type === 'stream' ? { inputs: ['-'], readStdin: async () => Buffer.from(rendered.text, 'utf8') } : { inputs: [dir] }),
  };
  const result = await run(options);
  if (result.inputErrors.length > 0) {
    for (const e of result.inputErrors) err(`syncgate: ${e}\n`);
    return EXIT.error;
  }
  if (verdictOf(result.report).failed) {
    writeReport(result, formats, err);
    return EXIT.findings;
  }
  out(rendered.type === 'stream' ? rendered.text : yamlStream(result));
  return EXIT.pass;
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
