import type { Finding } from '../model/index.js';
import { daysUntil } from './date.js';
import { waiverFinding } from './findings.js';
import { waiverCovers } from './match.js';
import { RULE_WAIVER_EXPIRED, RULE_WAIVER_EXPIRING, RULE_WAIVER_UNUSED } from './rules.js';
import { waiverSource, type Waiver, type WaiverUsage } from './types.js';

/** Waivers expiring within this many days are reported with --report-waivers. */
export const EXPIRING_WITHIN_DAYS = 30;

export interface ApplyOptions {
  /** The clock, injectable for tests. Expiry is judged on its UTC day. */
  now: Date;
  /** `--report-waivers`: add waiver/unused and waiver/expiring findings. */
  reportUsage: boolean;
  expiringWithinDays?: number;
}

export interface ApplyResult {
  /** The input findings; covered ones are copies carrying `waiver` (they do not count in the verdict). */
  findings: Finding[];
  /** waiver/expired always; waiver/unused and waiver/expiring with reportUsage. */
  waiverFindings: Finding[];
  usage: WaiverUsage[];
}

/**
 * Marks the findings that an active waiver covers. Annotation waivers are tried before config
 * waivers (the more specific source names the finding); an expired waiver covers nothing.
 * Findings already waived, and findings about waivers, are left as they are. Pure.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], options: ApplyOptions): ApplyResult {
  const within = options.expiringWithinDays ?? EXPIRING_WITHIN_DAYS;
  const usage: WaiverUsage[] = waivers.map((waiver) => {
    const u: WaiverUsage = { waiver, status: 'active', matched: 0 };
    if (waiver.expires !== undefined) {
      u.daysLeft = daysUntil(waiver.expires, options.now);
      u.status = u.daysLeft < 0 ? 'expired' : u.daysLeft <= within ? 'expiring' : 'active';
    }
    return u;
  });
  const ordered = [...usage.filter((u) => u.waiver.origin.kind === 'annotation'), ...usage.filter((u) => u.waiver.origin.kind !== 'annotation')].filter(
    (u) => u.status !== 'expired',
  );

  const out = findings.map((finding) => {
    if (finding.waiver || finding.ruleId.startsWith('waiver/')) return finding;
    let applied: Waiver | undefined;
    for (const u of ordered) {
      if (!waiverCovers(u.waiver, finding)) continue;
      u.matched++;
      applied ??= u.waiver;
    }
    if (!applied) return finding;
    const waiver: NonNullable<Finding['waiver']> = { reason: applied.reason, source: waiverSource(applied.origin) };
    if (applied.owner !== undefined) waiver.owner = applied.owner;
    if (applied.expires !== undefined) waiver.expires = applied.expires;
    return { ...finding, waiver };
  });

  const waiverFindings: Finding[] = [];
  for (const u of usage) {
    const w = u.waiver;
    const what = `waiver for ${w.rule}${selectorText(w)}`;
    const identity = `${what}|${w.reason}`;
    const props = { properties: { waiverRule: w.rule, ...(w.expires ? { expires: w.expires } : {}), ...(w.owner ? { owner: w.owner } : {}) } };
    if (u.status === 'expired') {
      waiverFindings.push(
        waiverFinding(RULE_WAIVER_EXPIRED, w.origin, `${what} expired on ${w.expires}${ownerText(w)} and waives nothing; fix the findings or renew it`, identity, props),
      );
      continue;
    }
    if (!options.reportUsage) continue;
    if (u.matched === 0) {
      waiverFindings.push(waiverFinding(RULE_WAIVER_UNUSED, w.origin, `${what} matched no finding; remove it or correct its rule and selectors`, identity, props));
    }
    if (u.status === 'expiring') {
      const when = u.daysLeft === 0 ? 'today' : `in ${u.daysLeft} day${u.daysLeft === 1 ? '' : 's'}`;
      waiverFindings.push(waiverFinding(RULE_WAIVER_EXPIRING, w.origin, `${what} expires on ${w.expires} (${when})${ownerText(w)}`, identity, props));
    }
  }
  return { findings: out, waiverFindings, usage };
}

function selectorText(w: Waiver): string {
  const parts: string[] = [];
  if (w.scope) parts.push(`on ${w.scope.resource.kind} ${w.scope.resource.namespace ? w.scope.resource.namespace + '/' : ''}${w.scope.resource.name}`);
  if (w.kind) parts.push(`kind ${w.kind}`);
  if (w.namespace !== undefined) parts.push(`namespace ${w.namespace || '""'}`);
  if (w.name) parts.push(`name ${w.name}`);
  if (w.files) parts.push(`files ${w.files.join(', ')}`);
  if (w.pointer) parts.push(`at ${w.pointer}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function ownerText(w: Waiver): string {
  return w.owner ? ` (owner: ${w.owner})` : '';
}
