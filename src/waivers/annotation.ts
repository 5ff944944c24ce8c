import { parse as parseYaml } from 'yaml';

export const WAIVE_ANNOTATION = 'syncgate.io/waive';
/** Structured form: `syncgate.io/waive.<label>: '{"rule": ..., "reason": ..., "expires": ...}'`. */
export const WAIVE_ANNOTATION_PREFIX = 'syncgate.io/waive.';

/** One waiver as written in an annotation, before checking. */
export interface RawAnnotationWaiver {
  rule?: unknown;
  reason?: unknown;
  owner?: unknown;
  expires?: unknown;
  pointer?: unknown;
  /** Set when the text could not be read at all. */
  syntaxProblem?: string;
  /** The entry's text, for messages. */
  text: string;
}

const STRUCTURED_KEYS = new Set(['rule', 'reason', 'owner', 'expires', 'pointer']);

/**
 * `syncgate.io/waive: "<rule>: <reason> (expires YYYY-MM-DD, owner <who>)"`, several entries
 * separated by newlines or `;`. The trailing parenthesis is read as settings only when it starts
 * with `expires` or `owner`, so a reason may end with its own "(see TICKET-1)".
 */
export function parseShortForm(value: string): RawAnnotationWaiver[] {
  return value
    .split(/[\n;]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseEntry);
}

function parseEntry(text: string): RawAnnotationWaiver {
  const colon = /^([^\s:]+)\s*:\s*(.*)$/s.exec(text);
  if (!colon) return { text, syntaxProblem: 'is not "<rule>: <reason> (expires YYYY-MM-DD)"' };
  const raw: RawAnnotationWaiver = { text, rule: colon[1] };
  let rest = colon[2]!.trim();
  const settings = /\(\s*((?:expires|owner)\b[^()]*)\)\s*$/i.exec(rest);
  if (settings) {
    rest = rest.slice(0, settings.index).trim();
    for (const part of settings[1]!.split(',')) {
      const kv = /^\s*(expires|owner)\s*[:=]?\s*(.*?)\s*$/i.exec(part);
      if (!kv) return { ...raw, syntaxProblem: `has an unreadable setting ${JSON.stringify(part.trim())}: expected "expires YYYY-MM-DD" or "owner <who>"` };
      const key = kv[1]!.toLowerCase() as 'expires' | 'owner';
      raw[key] = kv[2];
    }
  }
  raw.reason = rest;
  return raw;
}

/** The structured form: a JSON (or YAML flow) object with rule, reason, owner, expires and pointer. */
export function parseStructuredForm(value: string): RawAnnotationWaiver {
  let data: unknown;
  try {
    data = parseYaml(value, { maxAliasCount: 0, uniqueKeys: true });
  } catch {
    return { text: value, syntaxProblem: 'is not a JSON object such as {"rule": "...", "reason": "...", "expires": "YYYY-MM-DD"}' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { text: value, syntaxProblem: 'is not a JSON object such as {"rule": "...", "reason": "...", "expires": "YYYY-MM-DD"}' };
  }
  const unknown = Object.keys(data).filter((k) => !STRUCTURED_KEYS.has(k));
  if (unknown.length > 0) return { text: value, syntaxProblem: `has unknown keys ${unknown.map((k) => JSON.stringify(k)).join(', ')}: expected rule, reason, owner, expires, pointer` };
  const d = data as Record<string, unknown>;
  return { text: value, rule: d['rule'], reason: d['reason'], owner: d['owner'], expires: d['expires'], pointer: d['pointer'] };
}
