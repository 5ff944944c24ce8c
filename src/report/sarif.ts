import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { SEVERITY_TABLE, type Finding, type Report, type Rule } from '../model/index.js';
import { compareBySeverity, compareFindingsStable, ruleLookup, safeRange } from './common.js';
import { lineHashes } from './line-hash.js';
import type { FormatOptions, FormatResult } from './options.js';
import { sarifRule } from './sarif-rules.js';
import { isWaived } from './verdict.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub's hard limit of results per run. */
export const SARIF_MAX_RESULTS = 25_000;
/** GitHub keeps only the 5,000 most severe results of a run; above it we warn. */
export const SARIF_KEPT_RESULTS = 5_000;
/** GitHub rejects uploads above 10 MB gzipped; keep a margin. */
export const SARIF_MAX_GZIP_BYTES = 10 * 1024 * 1024 - 64 * 1024;

export interface SarifLimits {
  maxResults: number;
  maxGzipBytes: number;
}

/**
 * SARIF 2.1.0 for GitHub code scanning. Waived findings are left out (GitHub does not honour SARIF
 * suppressions). When the results exceed GitHub's limits, the most severe are kept, a
 * toolExecutionNotification says so and `warnings` carries the same text for the CLI's stderr.
 *
 * `partialFingerprints.primaryLocationLineHash` is GitHub's own rolling line hash (see line-hash.ts)
 * when the source is readable; otherwise the first 16 hex digits of the finding's semantic fingerprint,
 * with the same `:<occurrence>` suffix. `partialFingerprints["syncgate/v1"]` always holds the semantic one.
 */
export function formatSarif(report: Report, options: FormatOptions, limits: SarifLimits = { maxResults: SARIF_MAX_RESULTS, maxGzipBytes: SARIF_MAX_GZIP_BYTES }): FormatResult {
  const findings = report.findings.filter((f) => !isWaived(f));
  const ruleOf = ruleLookup(report);
  const rules = collectRules(report, findings, ruleOf);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const fingerprint = lineHashFor(options);

  const bySeverity = [...findings].sort(compareBySeverity);
  let keep = Math.min(bySeverity.length, limits.maxResults);
  const warnings: string[] = [];
  for (;;) {
    const kept = bySeverity.slice(0, keep).sort(compareFindingsStable);
    const results = kept.map((f) => sarifResult(f, ruleIndex.get(f.ruleId)!, fingerprint));
    const dropped = findings.length - kept.length;
    const notes = notifications(dropped, findings.length, kept.length, limits);
    const log = sarifLog(report, options, rules, results, notes);
    const text = JSON.stringify(log, null, 2) + '\n';
    const size = sizeForLimit(text, limits.maxGzipBytes);
    if (size <= limits.maxGzipBytes || keep === 0) {
      warnings.push(...notes.map((n) => n.message.text));
      if (kept.length > SARIF_KEPT_RESULTS) {
        warnings.push(
          `SARIF has ${kept.length} results; GitHub code scanning shows only the ${SARIF_KEPT_RESULTS} most severe of a run.`,
        );
      }
      return { text, warnings };
    }
    // Shrink in proportion to the overshoot (and by at least one), then try again.
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * limits.maxGzipBytes) / size * 0.95)));
  }
}

interface Notification {
  level: 'warning';
  message: { text: string };
  descriptor: { id: string };
}

function notifications(dropped: number, total: number, kept: number, limits: SarifLimits): Notification[] {
  if (dropped === 0) return [];
  return [
    {
      level: 'warning',
      descriptor: { id: 'syncgate/sarif-truncated' },
      message: {
        text:
          `SARIF output truncated to stay within GitHub's limits (${limits.maxResults} results per run, ` +
          `${Math.round(limits.maxGzipBytes / 1024 / 1024)} MB gzipped): kept the ${kept} most severe of ${total} findings, left out ${dropped}. ` +
          `Use --format json for the full list.`,
      },
    },
  ];
}

/** The gzipped size, skipping the compression when the raw text is already well under the limit. */
function sizeForLimit(text: string, limit: number): number {
  const raw = Buffer.byteLength(text, 'utf8');
  if (raw + 1024 <= limit) return raw;
  return gzipSync(Buffer.from(text, 'utf8')).length;
}

/** Every rule that ran, plus stand-ins for rule ids only findings mention; sorted by id for stable ruleIndex values. */
function collectRules(report: Report, findings: Finding[], ruleOf: (f: Finding) => Rule): Rule[] {
  const byId = new Map<string, Rule>();
  for (const r of report.rules) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const f of findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, ruleOf(f));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

type LineHash = (f: Finding) => string;

function lineHashFor(options: FormatOptions): LineHash {
  const perFile = new Map<string, ((line: number) => string | undefined) | undefined>();
  const fallbackCounts = new Map<string, number>();
  return (f) => {
    if (!perFile.has(f.file)) {
      const text = f.file === '<stdin>' ? undefined : options.readSource(f.file);
      perFile.set(f.file, text === undefined ? undefined : lineHashes(text));
    }
    const hash = perFile.get(f.file)?.(safeRange(f.range).startLine);
    if (hash !== undefined) return hash;
    const base = `${f.file}\0${f.fingerprint}`;
    const n = (fallbackCounts.get(base) ?? 0) + 1;
    fallbackCounts.set(base, n);
    return `${f.fingerprint.slice(0, 16)}:${n}`;
  };
}

function sarifResult(f: Finding, ruleIndex: number, lineHash: LineHash): Record<string, unknown> {
  const r = safeRange(f.range);
  const result: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: SEVERITY_TABLE[f.severity].sarifLevel,
    message: { text: messageText(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: lineHash(f), 'syncgate/v1': f.fingerprint },
  };
  const properties: Record<string, unknown> = { severity: f.severity };
  if (f.resource) properties['resource'] = f.resource;
  if (f.pointer !== undefined) properties['pointer'] = f.pointer;
  if (f.help) properties['help'] = f.help;
  result['properties'] = properties;
  return result;
}

/** The alert title: the message, then the resource it is about. */
function messageText(f: Finding): string {
  const text = f.message.trim() || f.ruleId;
  if (!f.resource) return text;
  const r = f.resource;
  return `${text} (${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name || '<unnamed>'})`;
}

/** A relative URI reference: each path segment percent-encoded, slashes kept. */
export function fileUri(file: string): string {
  return file
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function sarifLog(report: Report, options: FormatOptions, rules: Rule[], results: unknown[], notes: Notification[]): Record<string, unknown> {
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        semanticVersion: report.tool.version,
        informationUri: report.tool.informationUri,
        rules: rules.map(sarifRule),
      },
    },
    originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(report.root) } },
    invocations: [notes.length > 0 ? { executionSuccessful: true, toolExecutionNotifications: notes } : { executionSuccessful: true }],
    results,
    columnKind: 'utf16CodeUnits',
    properties: { kubernetesVersion: report.kubernetesVersion, failOn: report.failOn },
  };
  // GitHub reads the category as everything before the last '/': a bare category gets the trailing slash
  // (as codeql-action's upload-sarif does with its `category` input), so it is not taken for a run id.
  if (options.sarifCategory) run['automationDetails'] = { id: options.sarifCategory.endsWith('/') ? options.sarifCategory : options.sarifCategory + '/' };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : href + '/';
}
