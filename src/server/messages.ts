import type { Finding } from '../model/index.js';

/*
 * Limits of what the API server passes on (k8s.io/apiserver warning handling and the
 * admission webhook docs): each warning should stay within 120 characters, longer ones are
 * truncated at 256, and warnings past 4096 characters in all are dropped. We cut earlier and
 * say how many were left out, so the user sees that there is more.
 */
export const MAX_WARNING_CHARS = 120;
export const MAX_WARNINGS_TOTAL_CHARS = 4096;
export const MAX_WARNINGS = 20;
/** The status message reaches kubectl users and Flux/Argo conditions: long enough for a list, short enough to read. */
export const MAX_STATUS_MESSAGE_CHARS = 3000;

/** `[high] pss/privileged: container app is privileged (at /spec/...)`; policy errors never show file paths. */
export function describeFinding(finding: Finding, serverPaths: readonly string[] = []): string {
  return `[${finding.severity}] ${finding.ruleId}: ${safeMessage(finding, serverPaths)}${finding.pointer ? ` (at ${finding.pointer})` : ''}`;
}

/**
 * The finding's message as the API server's client may see it: policy errors (whose messages
 * name files and stack frames inside the server) become one neutral line, and paths under the
 * server's own directories (schema locations, CRD files, the policy root) are masked.
 */
export function safeMessage(finding: Finding, serverPaths: readonly string[] = []): string {
  if (finding.ruleId === 'policy/error') {
    const policy = typeof finding.properties?.['policy'] === 'string' ? finding.properties['policy'] : 'a policy';
    return `policy ${policy} failed while checking this object`;
  }
  let message = oneLine(finding.message);
  for (const dir of serverPaths) {
    if (dir.length < 2) continue;
    message = message.split(`file://${dir}`).join(dir);
    message = message.replace(new RegExp(`${escapeRegExp(dir)}[^\\s'"),;:]*`, 'g'), '<server file>');
  }
  return message;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Warning strings within the API server's limits. */
export function limitWarnings(lines: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const rest = lines.length - i;
    const line = truncate(lines[i]!, MAX_WARNING_CHARS);
    // Keep room for the "N more" note whenever something could still follow.
    const reserve = rest > 1 ? 40 : 0;
    if (out.length >= MAX_WARNINGS - (rest > 1 ? 1 : 0) || total + line.length + reserve > MAX_WARNINGS_TOTAL_CHARS) {
      out.push(`syncgate: ${rest} more warning${rest === 1 ? '' : 's'} not shown`);
      return out;
    }
    out.push(line);
    total += line.length;
  }
  return out;
}

/** A header line and as many items as fit, then how many were left out. */
export function limitedList(header: string, items: readonly string[], maxChars = MAX_STATUS_MESSAGE_CHARS): string {
  let text = header;
  for (let i = 0; i < items.length; i++) {
    const next = `\n- ${items[i]}`;
    const rest = items.length - i;
    if (text.length + next.length + (rest > 1 ? 40 : 0) > maxChars) return `${text}\n- and ${rest} more`;
    text += next;
  }
  return text;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
