import { asRecord } from './objects.js';
import type { RawViolation } from './evaluate.js';

/**
 * A gator assertion: `violations` is `yes` (at least one, the default), `no` (none) or a
 * count; `message` is a case-sensitive regular expression the counted messages match.
 * Returns why it failed, or undefined when it holds.
 */
export function checkAssertion(assertion: unknown, violations: readonly RawViolation[]): string | undefined {
  const a = asRecord(assertion);
  if (!a) return `assertion is not an object: ${JSON.stringify(assertion)}`;
  let re: RegExp | undefined;
  if (a['message'] !== undefined) {
    if (typeof a['message'] !== 'string') return 'assertion message must be a string';
    try {
      re = new RegExp(a['message']);
    } catch (e) {
      return `assertion message is not a valid regular expression: ${(e as Error).message}`;
    }
  }
  const matching = re ? violations.filter((v) => re.test(v.msg)) : violations;
  const n = matching.length;
  // YAML 1.1 reads unquoted yes/no as booleans (as the loader and gator's YAML do).
  const raw = a['violations'] ?? 'yes';
  const want = raw === true ? 'yes' : raw === false ? 'no' : raw;
  const about = re ? ` matching /${re.source}/` : '';
  const got = `got ${n} violation${n === 1 ? '' : 's'}${about}${violations.length ? `: ${JSON.stringify(violations.map((v) => v.msg))}` : ''}`;
  if (want === 'yes') return n > 0 ? undefined : `${got}, want at least 1`;
  if (want === 'no') return n === 0 ? undefined : `${got}, want none`;
  const count = typeof want === 'number' ? want : typeof want === 'string' && /^\d+$/.test(want) ? Number(want) : NaN;
  if (!Number.isInteger(count) || count < 0) return `assertion violations must be yes, no or a count, got ${JSON.stringify(want)}`;
  return n === count ? undefined : `${got}, want exactly ${count}`;
}
