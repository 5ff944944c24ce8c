/** Expiry dates: `YYYY-MM-DD` is the last valid day, in UTC; `never` is a deliberate permanent waiver. */

export type ExpiryCheck = { ok: true; date?: string } | { ok: false; problem: string };

export function parseExpiry(value: unknown): ExpiryCheck {
  if (value === undefined || value === null || value === '') {
    return { ok: false, problem: 'has no expiry date: add expires YYYY-MM-DD (or "never" for a permanent exception)' };
  }
  if (value instanceof Date) return { ok: true, date: value.toISOString().slice(0, 10) };
  const text = String(value).trim();
  if (text.toLowerCase() === 'never') return { ok: true };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || !isRealDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return { ok: false, problem: `has a malformed expiry date ${JSON.stringify(text)}: expected YYYY-MM-DD (or "never")` };
  }
  return { ok: true, date: text };
}

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Today in UTC as YYYY-MM-DD. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `now`'s UTC day to `date` (0 on the day itself, negative once expired). */
export function daysUntil(date: string, now: Date): number {
  const target = Date.parse(`${date}T00:00:00Z`);
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  return Math.round((target - today) / 86_400_000);
}
