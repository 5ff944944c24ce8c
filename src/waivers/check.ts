import { parseExpiry } from './date.js';

/** The fields every waiver has, whatever its form. */
export interface WaiverFields {
  rule: string;
  reason: string;
  owner?: string;
  expires?: string;
}

export interface FieldProblem {
  /** The field at fault, so a config finding can point at its line. */
  key?: 'rule' | 'reason' | 'owner' | 'expires';
  message: string;
}

const RULE_GLOB = /^[A-Za-z0-9*?][A-Za-z0-9._/*?-]*$/;

/**
 * Checks the common fields: a rule (id or glob), a non-empty reason, an optional owner and a
 * required expiry (`YYYY-MM-DD` or `never`). Any problem makes the waiver invalid as a whole:
 * a half-understood waiver must not waive anything.
 */
export function checkFields(raw: { rule?: unknown; reason?: unknown; owner?: unknown; expires?: unknown }): { fields: WaiverFields } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const rule = typeof raw.rule === 'string' ? raw.rule.trim() : '';
  if (!rule) problems.push({ key: 'rule', message: 'names no rule: give a rule id or glob such as pss/privileged or k8s/*' });
  else if (!RULE_GLOB.test(rule)) problems.push({ key: 'rule', message: `has an invalid rule ${JSON.stringify(rule)}: expected a rule id or glob such as pss/privileged or k8s/*` });
  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (!reason) problems.push({ key: 'reason', message: 'has no reason: say why the finding is accepted' });
  if (raw.owner !== undefined && (typeof raw.owner !== 'string' || !raw.owner.trim())) problems.push({ key: 'owner', message: 'has an empty owner' });
  const expiry = parseExpiry(raw.expires);
  if (!expiry.ok) problems.push({ key: 'expires', message: expiry.problem });
  if (problems.length > 0 || !expiry.ok) return { problems };
  const fields: WaiverFields = { rule, reason };
  if (typeof raw.owner === 'string') fields.owner = raw.owner.trim();
  if (expiry.date) fields.expires = expiry.date;
  return { fields };
}
