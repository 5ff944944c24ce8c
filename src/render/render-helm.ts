import { statSync } from 'node:fs';
import path from 'node:path';
import { isInside, reportedPath, type DiscoveredFile } from '../load/index.js';
import { cleanToolMessage } from './kustomize-build.js';
import { renderFinding } from './findings.js';
import { checkChart } from './helm-chart.js';
import { helmTemplate, splitHelmOutput, templatePath } from './helm-template.js';
import { emptyOutcome, rootRange, type Outcome, type RenderEnv } from './outcome.js';
import { parseRenderedOutput, remoteChartResource, templateResource } from './rendered-resources.js';
import type { HelmRequest, RemoteHelmRequest } from './requests.js';
import { RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED } from './rules.js';
import { markBroken, type RenderTools } from './tools.js';

/** Renders a chart of the repository, unless it links out of the repository or needs undownloaded dependencies. */
export async function renderHelmRequest(request: HelmRequest, files: DiscoveredFile[], tools: RenderTools, e: RenderEnv): Promise<Outcome> {
  const out = emptyOutcome();
  const chartLabel = reportedPath(e.root, request.chartDir);
  const chartFile = reportedPath(e.root, path.join(request.chartDir, 'Chart.yaml'));
  const check = checkChart(request.chartDir, e.root, e.realRoot);
  for (const escape of check.escapes) {
    out.findings.push(renderFinding(RULE_PATH_ESCAPE, reportedPath(e.root, escape.file), undefined, `${escape.reason}: syncgate does not read files outside the repository, so the chart ${chartLabel} was not rendered`, escape.reason));
  }
  if (check.escapes.length > 0) return out;
  if (check.remotes.length > 0 && !e.allowNetwork) {
    const index = e.ctx.texts.file(path.join(request.chartDir, 'Chart.yaml'));
    out.findings.push(renderFinding(RULE_REMOTE_NOT_RENDERED, chartFile, index?.locate(0, '/dependencies')?.range, `chart ${chartLabel} needs dependencies that are not vendored in charts/: ${check.remotes.join(', ')}; it was not rendered (run helm dependency build, or pass --allow-network)`, check.remotes.join(',')));
    return out;
  }
  const t = tools;
  if (!t.helm) {
    out.missingTool = 'helm';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.helm ?? 'helm is not available'}` });
    return out;
  }
  const run = await helmTemplate(t.helm, { ...request, chart: request.chartDir }, e.scratch, e.env, e.timeoutMs);
  if (run.notRunnable) {
    markBroken(t, 'helm', run.failure ?? 'helm cannot run');
    return renderHelmRequest(request, files, tools, e);
  }
  if (!run.ok) {
    const message = cleanToolMessage(run.failure ?? 'failed', e.root, e.scratch);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `helm template ${chartLabel} failed: ${message}`, `helm|${chartLabel}|${request.releaseName ?? ''}`));
    return out;
  }
  const occurrences = new Map<string, number>();
  for (const chunk of splitHelmOutput(run.stdout)) {
    const template = chunk.source ? templatePath(request.chartDir, chunk.source) : undefined;
    const sourceAbs = template && isFile(template) ? template : path.join(request.chartDir, 'Chart.yaml');
    for (const object of parseRenderedOutput(chunk.text, `${chartLabel} (rendered)`).objects) {
      const key = `${sourceAbs}\0${String(object['kind'])}`;
      const n = occurrences.get(key) ?? 0;
      occurrences.set(key, n + 1);
      out.resources.push(templateResource(object, sourceAbs, n, request.label, e.ctx));
    }
  }
  for (const f of files) if (isInside(request.chartDir, f.absolutePath)) out.consumed.add(f.absolutePath);
  request.valuesFiles.forEach((f) => out.consumed.add(f));
  out.rendered = true;
  return out;
}

/** Renders a chart from a Helm or OCI repository (only asked for with --allow-network). */
export async function renderRemoteHelmRequest(request: RemoteHelmRequest, tools: RenderTools, e: RenderEnv): Promise<Outcome> {
  const out = emptyOutcome();
  const what = `${request.repo ? `${request.repo} ` : ''}${request.chart}${request.version ? ` ${request.version}` : ''}`;
  const t = tools;
  if (!t.helm) {
    out.missingTool = 'helm';
    out.skipped.push({ file: request.label.file, kind: 'not-rendered', reason: `not rendered: ${t.problems.helm ?? 'helm is not available'}` });
    return out;
  }
  const run = await helmTemplate(t.helm, request, e.scratch, e.env, e.timeoutMs);
  if (run.notRunnable) {
    markBroken(t, 'helm', run.failure ?? 'helm cannot run');
    return renderRemoteHelmRequest(request, tools, e);
  }
  if (!run.ok) {
    const message = cleanToolMessage(run.failure ?? 'failed', e.root, e.scratch);
    out.findings.push(renderFinding(RULE_RENDER_FAILED, request.label.file, rootRange(request.label), `helm template ${what} failed: ${message}`, `helm|${what}|${request.releaseName ?? ''}`));
    return out;
  }
  for (const object of parseRenderedOutput(run.stdout, `${what} (rendered)`).objects) {
    out.resources.push(remoteChartResource(object, request.at, request.chartPointer, request.label, e.ctx));
  }
  out.rendered = true;
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
