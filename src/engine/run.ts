import { applyRuleSettings, configuredRules } from '../config/index.js';
import { compareFindings, type Report, type Resource, type Rule } from '../model/index.js';
import { discoverFiles, loadInputs, LOADER_RULES, SourceStore } from '../load/index.js';
import { renderRepository, uniqueFindings, type RenderResult } from '../render/index.js';
import { runWaiverStage } from '../waivers/index.js';
import type { RunOptions } from './options.js';
import { runPolicyStage } from './policy-stage.js';
import { runSchemaStage } from './schema-stage.js';
import { StageTimer } from './timer.js';
import { TOOL } from './tool.js';

export interface RunResult {
  report: Report;
  /** Source texts for code frames and line hashes. */
  store: SourceStore;
  /** Inputs that could not be used at all (missing paths): the CLI exits 2 on these. */
  inputErrors: string[];
  /** The resources of the run (for commands that act on them, such as the admission gate). */
  resources: Resource[];
}

/** The one pipeline every entry point calls: load, check, waive, and assemble the report. */
export async function run(options: RunOptions): Promise<RunResult> {
  const timer = new StageTimer();
  const store = new SourceStore();
  const rendered = await timer.time('render', () => renderStage(options, store));
  const loaded = await timer.time('load', () =>
    loadInputs({
      store,
      ...(rendered ? { skipFiles: rendered.consumedFiles } : {}),
      root: options.root,
      inputs: options.inputs,
      exclude: options.exclude,
      gitignore: options.gitignore,
      strict: options.strict,
      ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
      ...(options.readStdin ? { readStdin: options.readStdin } : {}),
    }),
  );
  const resources = [...(rendered?.resources ?? []), ...loaded.resources];
  const crdResources = await timer.time('crds', () => loadCrdResources(options));
  const schema = await timer.time('schema', () => runSchemaStage(resources, crdResources.resources, options));
  const policies = await timer.time('policies', () => runPolicyStage(resources, schema.kubernetesVersion, options));

  let all = [...(rendered?.findings ?? []), ...loaded.findings, ...crdResources.findings, ...schema.findings, ...policies.findings];
  // Before rule settings: patch attribution recognises findings by the ranges locate() returned.
  if (rendered) all = uniqueFindings(rendered.pointFindingsAtPatches(all));
  const checked = applyRuleSettings(all, options.ruleSettings);
  const waived = await timer.time('waivers', () =>
    runWaiverStage({
      ...(options.config ? { config: options.config } : {}),
      resources,
      findings: checked,
      root: options.root,
      reportWaivers: options.reportWaivers,
      ...(options.baseline ? { baseline: options.baseline } : {}),
      ...(options.ignoreResourceWaivers ? { ignoreResourceWaivers: true } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
  );

  const report: Report = {
    tool: TOOL,
    root: options.root,
    findings: waived.findings.sort(compareFindings),
    rules: configuredRules(uniqueRules([...LOADER_RULES, ...(rendered?.rules ?? []), ...schema.rules, ...policies.rules, ...waived.rules]), options.ruleSettings),
    resourceCount: resources.length,
    // Files read as plain manifests plus the files renders read (a Kustomize root is many files).
    fileCount: new Set([...loaded.files, ...(rendered?.consumedFiles ?? [])]).size,
    skipped: [...(rendered?.skipped ?? []), ...loaded.skipped, ...schema.skipped],
    timings: {},
    kubernetesVersion: schema.kubernetesVersion,
    failOn: options.failOn,
    ...(waived.baseline ? { baseline: waived.baseline } : {}),
  };
  report.timings = timer.finish();
  return { report, store, inputErrors: [...loaded.inputErrors, ...crdResources.inputErrors], resources };
}

/** Renders the render roots among the inputs (Kustomize, Helm, Flux, Argo CD); undefined when rendering is off. */
async function renderStage(options: RunOptions, store: SourceStore): Promise<RenderResult | undefined> {
  if (!options.render) return undefined;
  const discovered = discoverFiles(options.inputs.filter((i) => i !== '-'), { root: options.root, exclude: options.exclude, gitignore: options.gitignore });
  if (discovered.files.length === 0) return undefined;
  return renderRepository(discovered.files, {
    root: options.root,
    allowNetwork: options.allowNetwork,
    timeoutMs: options.renderTimeoutMs,
    store,
    ...(options.kustomizeBin ? { kustomizeBin: options.kustomizeBin } : {}),
    ...(options.helmBin ? { helmBin: options.helmBin } : {}),
    ...(options.chartRelease ? { chartRelease: options.chartRelease } : {}),
  });
}

/** CRDs given with --crd: only their CustomResourceDefinitions matter; read errors are findings. */
async function loadCrdResources(options: RunOptions): Promise<{ resources: Resource[]; findings: Report['findings']; inputErrors: string[] }> {
  if (options.crdPaths.length === 0) return { resources: [], findings: [], inputErrors: [] };
  const loaded = await loadInputs({ root: options.root, inputs: options.crdPaths, gitignore: false });
  return {
    resources: loaded.resources.filter((r) => r.kind === 'CustomResourceDefinition'),
    findings: loaded.findings,
    inputErrors: loaded.inputErrors.map((e) => `--crd: ${e}`),
  };
}

function uniqueRules(rules: Rule[]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}
