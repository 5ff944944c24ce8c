import type { Finding } from '../model/index.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.syncgate-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  /** For people reading the diff; matching uses the fingerprint only. */
  message: string;
}

/** `.syncgate-baseline.json`: the accepted findings of a brownfield repository. */
export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: { name: string; version: string };
  /** YYYY-MM-DD (UTC) of the first write with these entries. */
  created: string;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

/**
 * A baseline of today's findings: unwaived ones only (waived ones are covered already), never
 * findings about waivers (those must be fixed). One entry per fingerprint, sorted by file,
 * rule and fingerprint so that the file diffs well.
 */
export function createBaseline(findings: readonly Finding[], tool: { name: string; version: string }, now: Date): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.waiver || f.ruleId.startsWith('waiver/') || byFingerprint.has(f.fingerprint)) continue;
    byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, message: f.message });
  }
  const entries = [...byFingerprint.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, tool: { name: tool.name, version: tool.version }, created: now.toISOString().slice(0, 10), entries };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Two-space JSON with keys in a fixed order and a final newline. */
export function serializeBaseline(baseline: Baseline): string {
  const ordered = {
    version: baseline.version,
    tool: { name: baseline.tool.name, version: baseline.tool.version },
    created: baseline.created,
    entries: baseline.entries.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file, message: e.message })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Reads a baseline file's text; `file` names it in errors. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${file}: not valid JSON (${(err as Error).message}); regenerate it with \`syncgate baseline\``);
  }
  const d = data as Partial<Baseline> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new BaselineError(`${file}: expected a JSON object with version and entries`);
  if (d.version !== BASELINE_VERSION) {
    throw new BaselineError(`${file}: unsupported baseline version ${JSON.stringify(d.version)} (this syncgate reads version ${BASELINE_VERSION}); regenerate it with \`syncgate baseline\``);
  }
  if (!Array.isArray(d.entries)) throw new BaselineError(`${file}: "entries" must be a list`);
  d.entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || !e.fingerprint) {
      throw new BaselineError(`${file}: entries[${i}] has no fingerprint`);
    }
  });
  return {
    version: BASELINE_VERSION,
    tool: { name: String(d.tool?.name ?? ''), version: String(d.tool?.version ?? '') },
    created: String(d.created ?? ''),
    entries: d.entries.map((e) => ({ fingerprint: e.fingerprint, ruleId: String(e.ruleId ?? ''), file: String(e.file ?? ''), message: String(e.message ?? '') })),
  };
}

export interface BaselineResult {
  /** Findings not in the baseline (plus every waived finding and every finding about waivers). */
  findings: Finding[];
  /** Unwaived findings the baseline accepted: left out of the report. */
  suppressed: Finding[];
  /** Entries that matched nothing: fixed since, and can be pruned by rewriting the baseline. */
  stale: BaselineEntry[];
}

/** Keeps only the findings that are new relative to the baseline (matched by fingerprint). Pure. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineResult {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const used = new Set<string>();
  const result: BaselineResult = { findings: [], suppressed: [], stale: [] };
  for (const f of findings) {
    if (!f.waiver && !f.ruleId.startsWith('waiver/') && known.has(f.fingerprint)) {
      result.suppressed.push(f);
      used.add(f.fingerprint);
    } else result.findings.push(f);
  }
  result.stale = baseline.entries.filter((e) => !used.has(e.fingerprint));
  return result;
}

/** `12 findings accepted by the baseline .syncgate-baseline.json (3 entries are fixed: run syncgate baseline to prune)` */
export function baselineSummary(counts: { suppressed: number; stale: number }, file: string): string {
  const n = counts.suppressed;
  const stale = counts.stale;
  return (
    `${n} finding${n === 1 ? '' : 's'} accepted by the baseline ${file}` +
    (stale ? ` (${stale} ${stale === 1 ? 'entry is' : 'entries are'} fixed: run syncgate baseline to prune)` : '')
  );
}
