/**
 * The parts of Go's time package that OPA's time.* builtins expose: instants in
 * (unix seconds, nanoseconds) with a zone, civil dates for any year, IANA zones
 * through Intl, Go reference-layout formatting and parsing ("2006-01-02T15:04:05Z07:00"),
 * and time.ParseDuration.
 */

export interface Zone {
  /** IANA name, "UTC", or undefined for a fixed offset */
  readonly iana?: string;
  /** fixed offset in seconds east of UTC (when iana is undefined) */
  readonly fixed?: number;
  /** abbreviation for fixed zones ("" when unknown) */
  readonly abbr?: string;
}

export const UTC: Zone = { iana: 'UTC' };

export interface GoTime {
  /** seconds since the Unix epoch (UTC) */
  sec: number;
  /** nanoseconds within the second, 0..999999999 */
  nsec: number;
  zone: Zone;
}

export class TimeError extends Error {}

// ------------------------------------------------------------------ civil calendar

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, any day offset). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = floorDiv(153 * mp + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

// ------------------------------------------------------------------ zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
      timeZoneName: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Load an IANA zone ("unknown time zone X" like Go when Intl does not know it). */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return { iana: Intl.DateTimeFormat().resolvedOptions().timeZone };
  try {
    formatter(name);
  } catch {
    throw new TimeError(`unknown time zone ${name}`);
  }
  return { iana: name };
}

const MAX_INTL_SEC = 8.64e12;

/** Offset (seconds east) and abbreviation of a zone at an instant. */
export function zoneAt(zone: Zone, sec: number): { offset: number; abbr: string } {
  if (zone.iana === undefined) return { offset: zone.fixed ?? 0, abbr: zone.abbr ?? '' };
  if (zone.iana === 'UTC') return { offset: 0, abbr: 'UTC' };
  const clamped = Math.max(-MAX_INTL_SEC, Math.min(MAX_INTL_SEC, sec));
  const parts = formatter(zone.iana).formatToParts(new Date(clamped * 1000));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  let y = Number(get('year'));
  if (get('era') === 'BC' || get('era') === 'B') y = 1 - y;
  const local = daysFromCivil(y, Number(get('month')), Number(get('day'))) * 86400 + Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second'));
  const offset = local - Math.floor(clamped);
  let abbr = get('timeZoneName');
  // Intl writes "GMT+5:30" where the zone has no letters abbreviation; Go's tzdata writes "+0530"
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(abbr);
  if (m) abbr = `${m[1]}${m[2]!.padStart(2, '0')}${m[3] ?? ''}`;
  else if (abbr === 'GMT' && offset === 0 && zone.iana !== 'Etc/GMT' && zone.iana !== 'GMT') abbr = 'GMT';
  return { offset, abbr };
}

// Intl names zones in the abbreviations of a locale's own region only; these locales
// together cover the tzdata abbreviations Go prints for most zones.
const ABBR_LOCALES = ['en-GB', 'en-IN', 'en-AU', 'en-NZ', 'en-IE', 'en-ZA', 'en-SG'];
// tzdata abbreviations of zones no English locale names
const ABBR_TABLE: Record<string, string> = {
  'Asia/Tokyo': 'JST',
  'Asia/Seoul': 'KST',
  'Asia/Pyongyang': 'KST',
  'Asia/Shanghai': 'CST',
  'Asia/Taipei': 'CST',
  'Asia/Macau': 'CST',
  'Asia/Hong_Kong': 'HKT',
  'Asia/Manila': 'PST',
  'Asia/Jakarta': 'WIB',
  'Asia/Karachi': 'PKT',
  'Europe/Moscow': 'MSK',
  'Africa/Lagos': 'WAT',
  'Africa/Nairobi': 'EAT',
};
const abbrFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone abbreviation Go's tzdata gives (e.g. CET, IST), or a numeric one (+0530) when none is known. */
export function zoneAbbr(zone: Zone, sec: number, fallback: string): string {
  if (/^[A-Z]{2,5}$/.test(fallback) || zone.iana === undefined) return fallback;
  const when = new Date(Math.max(-MAX_INTL_SEC, Math.min(MAX_INTL_SEC, sec)) * 1000);
  for (const locale of ABBR_LOCALES) {
    const id = `${locale}|${zone.iana}`;
    let f = abbrFormatters.get(id);
    if (!f) abbrFormatters.set(id, (f = new Intl.DateTimeFormat(locale, { timeZone: zone.iana, timeZoneName: 'short' })));
    const name = f.formatToParts(when).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name) && name !== 'GMT' && name !== 'UTC') return name;
  }
  return ABBR_TABLE[zone.iana] ?? fallback;
}

/** Civil fields of a time in its zone. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1..366
  offset: number;
  abbr: string;
}

export function civil(t: GoTime): Civil {
  const { offset, abbr } = zoneAt(t.zone, t.sec);
  const local = t.sec + offset;
  const days = floorDiv(local, 86400);
  const sod = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: floorDiv(sod, 3600),
    min: floorDiv(sod % 3600, 60),
    sec: sod % 60,
    nsec: t.nsec,
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    abbr,
  };
}

/** Go's time.Date: normalises overflowing fields, resolves the offset in the zone. */
export function makeTime(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, zone: Zone): GoTime {
  // normalise month into year
  const m0 = month - 1;
  year += floorDiv(m0, 12);
  month = m0 - floorDiv(m0, 12) * 12 + 1;
  sec += floorDiv(nsec, 1e9);
  nsec -= floorDiv(nsec, 1e9) * 1e9;
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  let off = zoneAt(zone, local).offset;
  let utc = local - off;
  const off2 = zoneAt(zone, utc).offset;
  if (off2 !== off) {
    off = off2;
    utc = local - off;
  }
  return { sec: utc, nsec, zone };
}

// ------------------------------------------------------------------ nanoseconds

const NS = 1_000_000_000n;
export const MIN_NS = -(1n << 63n);
export const MAX_NS = (1n << 63n) - 1n;

export function fromUnixNano(ns: bigint, zone: Zone): GoTime {
  let s = ns / NS;
  let n = ns % NS;
  if (n < 0n) {
    n += NS;
    s -= 1n;
  }
  return { sec: Number(s), nsec: Number(n), zone };
}

/** UnixNano, or a "time outside of valid range" error like OPA. */
export function toUnixNano(t: GoTime): bigint {
  const ns = BigInt(t.sec) * NS + BigInt(t.nsec);
  if (ns < MIN_NS || ns > MAX_NS) throw new TimeError('time outside of valid range');
  return ns;
}

// ------------------------------------------------------------------ layouts

const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = LONG_DAYS;

export const NAMED_LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

type Std =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth' | 'LongWeekDay' | 'WeekDay' | 'Day' | 'UnderDay' | 'ZeroDay'
  | 'UnderYearDay' | 'ZeroYearDay' | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond'
  | 'LongYear' | 'Year' | 'PM' | 'pm' | 'TZ' | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ'
  | 'ISO8601ColonSecondsTZ' | 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ'
  | 'Frac0' | 'Frac9';

interface Chunk {
  prefix: string;
  std?: Std;
  /** fraction digits and separator for Frac0/Frac9 */
  digits?: number;
  sep?: string;
  suffix: string;
}

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's nextStdChunk: the literal prefix, the first layout element, and the rest. */
function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string) => layout.startsWith(s, i);
    const cut = (n: number, std: Std): Chunk => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + n) });
    switch (c) {
      case 'J':
        if (at('Jan')) return at('January') ? cut(7, 'LongMonth') : cut(3, 'Month');
        break;
      case 'M':
        if (at('Mon')) return at('Monday') ? cut(6, 'LongWeekDay') : cut(3, 'WeekDay');
        if (at('MST')) return cut(3, 'TZ');
        break;
      case '0':
        if (i + 1 < layout.length && layout[i + 1]! >= '1' && layout[i + 1]! <= '6') {
          const k = Number(layout[i + 1]) - 1;
          return cut(2, (['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'] as Std[])[k]!);
        }
        if (at('002')) return cut(3, 'ZeroYearDay');
        break;
      case '1':
        return at('15') ? cut(2, 'Hour') : cut(1, 'NumMonth');
      case '2':
        return at('2006') ? cut(4, 'LongYear') : cut(1, 'Day');
      case '_':
        if (at('_2')) {
          if (at('_2006')) return { prefix: layout.slice(0, i + 1), std: 'LongYear', suffix: layout.slice(i + 5) };
          return cut(2, 'UnderDay');
        }
        if (at('__2')) return cut(3, 'UnderYearDay');
        break;
      case '3':
        return cut(1, 'Hour12');
      case '4':
        return cut(1, 'Minute');
      case '5':
        return cut(1, 'Second');
      case 'P':
        if (at('PM')) return cut(2, 'PM');
        break;
      case 'p':
        if (at('pm')) return cut(2, 'pm');
        break;
      case '-':
        if (at('-070000')) return cut(7, 'NumSecondsTz');
        if (at('-07:00:00')) return cut(9, 'NumColonSecondsTZ');
        if (at('-0700')) return cut(5, 'NumTZ');
        if (at('-07:00')) return cut(6, 'NumColonTZ');
        if (at('-07')) return cut(3, 'NumShortTZ');
        break;
      case 'Z':
        if (at('Z070000')) return cut(7, 'ISO8601SecondsTZ');
        if (at('Z07:00:00')) return cut(9, 'ISO8601ColonSecondsTZ');
        if (at('Z0700')) return cut(5, 'ISO8601TZ');
        if (at('Z07:00')) return cut(6, 'ISO8601ColonTZ');
        if (at('Z07')) return cut(3, 'ISO8601ShortTZ');
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1]!;
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return { prefix: layout.slice(0, i), std: ch === '0' ? 'Frac0' : 'Frac9', digits: j - (i + 1), sep: c, suffix: layout.slice(j) };
          }
        }
        break;
    }
  }
  return { prefix: layout, suffix: '' };
}

const pad = (n: number, w: number): string => {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? `-${s}` : s;
};

function formatOffset(offset: number, std: Std): string {
  if (std.startsWith('ISO8601') && offset === 0) return 'Z';
  let zone = Math.trunc(offset / 60);
  let absOff = offset;
  let sign = '+';
  if (zone < 0 || offset < 0) {
    sign = '-';
    zone = -zone;
    absOff = -absOff;
  }
  const hh = pad(Math.trunc(zone / 60), 2);
  const mm = pad(zone % 60, 2);
  const ss = pad(absOff % 60, 2);
  switch (std) {
    case 'ISO8601ShortTZ':
    case 'NumShortTZ':
      return sign + hh;
    case 'ISO8601ColonTZ':
    case 'NumColonTZ':
      return `${sign}${hh}:${mm}`;
    case 'ISO8601ColonSecondsTZ':
    case 'NumColonSecondsTZ':
      return `${sign}${hh}:${mm}:${ss}`;
    case 'ISO8601SecondsTZ':
    case 'NumSecondsTz':
      return `${sign}${hh}${mm}${ss}`;
    default:
      return `${sign}${hh}${mm}`;
  }
}

/** Go's Time.Format. */
export function formatTime(t: GoTime, layout: string): string {
  const c = civil(t);
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    rest = ch.suffix;
    if (!ch.std) break;
    const hr12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (ch.std) {
      case 'Year':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case 'LongYear':
        out += pad(c.year, 4);
        break;
      case 'Month':
        out += LONG_MONTHS[c.month - 1]!.slice(0, 3);
        break;
      case 'LongMonth':
        out += LONG_MONTHS[c.month - 1]!;
        break;
      case 'NumMonth':
        out += String(c.month);
        break;
      case 'ZeroMonth':
        out += pad(c.month, 2);
        break;
      case 'WeekDay':
        out += LONG_DAYS[c.weekday]!.slice(0, 3);
        break;
      case 'LongWeekDay':
        out += LONG_DAYS[c.weekday]!;
        break;
      case 'Day':
        out += String(c.day);
        break;
      case 'UnderDay':
        out += c.day < 10 ? ` ${c.day}` : String(c.day);
        break;
      case 'ZeroDay':
        out += pad(c.day, 2);
        break;
      case 'UnderYearDay':
        out += String(c.yday).padStart(3, ' ');
        break;
      case 'ZeroYearDay':
        out += pad(c.yday, 3);
        break;
      case 'Hour':
        out += pad(c.hour, 2);
        break;
      case 'Hour12':
        out += String(hr12);
        break;
      case 'ZeroHour12':
        out += pad(hr12, 2);
        break;
      case 'Minute':
        out += String(c.min);
        break;
      case 'ZeroMinute':
        out += pad(c.min, 2);
        break;
      case 'Second':
        out += String(c.sec);
        break;
      case 'ZeroSecond':
        out += pad(c.sec, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ': {
        const abbr = zoneAbbr(t.zone, t.sec, c.abbr);
        out += abbr !== '' ? abbr : formatOffset(c.offset, 'NumTZ');
        break;
      }
      case 'Frac0':
      case 'Frac9': {
        let digits = String(c.nsec).padStart(9, '0').slice(0, ch.digits);
        if (ch.std === 'Frac9') {
          digits = digits.replace(/0+$/, '');
          if (digits === '') break;
        }
        out += ch.sep! + digits;
        break;
      }
      default:
        out += formatOffset(c.offset, ch.std);
    }
  }
  return out;
}

// ------------------------------------------------------------------ parsing

function quote(s: string): string {
  return JSON.stringify(s);
}

function lookupName(names: string[], value: string): [number, string] | undefined {
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, value.slice(n.length)];
  }
  return undefined;
}

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function parseNanos(value: string, nbytes: number): number | undefined {
  if (value[0] !== '.' && value[0] !== ',') return undefined;
  const digits = value.slice(1, nbytes);
  if (!/^\d*$/.test(digits) || digits.length > 9 + 100) return undefined;
  return Number(digits.slice(0, 9).padEnd(9, '0'));
}

/** Go's parseTimeZone: length of a zone abbreviation at the start of value, or 0. */
function zoneAbbrLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    // GMT followed by an optional signed hour offset
    const m = /^GMT([+-]\d{1,2})?/.exec(value)!;
    if (m[1] && (Number(m[1]) < -23 || Number(m[1]) > 23)) return 3;
    return m[0].length;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-]\d{2}(\d{2})?/.exec(value);
    return m ? m[0].length : 0;
  }
  let n = 0;
  while (n < value.length && value[n]! >= 'A' && value[n]! <= 'Z') n++;
  if (n === 3 || n === 4 || n === 5) {
    if (n === 4 && value[3] !== 'T' && !value.startsWith('WITA')) return 0;
    if (n === 5 && value[4] !== 'T') return 0;
    return n;
  }
  return 0;
}

/** Go's time.Parse(layout, value) with UTC as the default location. */
export function parseTime(layout: string, value: string): GoTime {
  const alayout = layout;
  const avalue = value;
  const fail = (elem: string, rest: string, msg = ''): never => {
    if (msg) throw new TimeError(`parsing time ${quote(avalue)}${msg}`);
    throw new TimeError(`parsing time ${quote(avalue)} as ${quote(alayout)}: cannot parse ${quote(rest)} as ${quote(elem)}`);
  };
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset: number | undefined;
  let zoneName = '';
  let pmSet = false;
  let amSet = false;
  for (;;) {
    const ch = nextStdChunk(layout);
    const stdText = layout.slice(ch.prefix.length, layout.length - ch.suffix.length);
    if (!value.startsWith(ch.prefix)) fail(ch.prefix, value);
    value = value.slice(ch.prefix.length);
    if (!ch.std) {
      if (value.length > 0) fail('', '', `: extra text: ${quote(value)}`);
      break;
    }
    layout = ch.suffix;
    const hold = value;
    const bad = (): never => fail(stdText, hold);
    const range = (what: string): never => fail(stdText, hold, `: ${what} out of range`);
    const num = (fixed: boolean): number => {
      const r = getnum(value, fixed);
      if (!r) return bad();
      value = r[1];
      return r[0];
    };
    switch (ch.std) {
      case 'Year': {
        if (value.length < 2 || !/^\d\d/.test(value)) bad();
        const y = Number(value.slice(0, 2));
        value = value.slice(2);
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case 'LongYear':
        if (value.length < 4 || !/^\d{4}/.test(value)) bad();
        year = Number(value.slice(0, 4));
        value = value.slice(4);
        break;
      case 'Month':
      case 'LongMonth': {
        const names = ch.std === 'Month' ? LONG_MONTHS.map((m) => m.slice(0, 3)) : LONG_MONTHS;
        const r = lookupName(names, value);
        if (!r) bad();
        month = r![0] + 1;
        value = r![1];
        break;
      }
      case 'NumMonth':
      case 'ZeroMonth':
        month = num(ch.std === 'ZeroMonth');
        if (month <= 0 || month > 12) range('month');
        break;
      case 'WeekDay':
      case 'LongWeekDay': {
        const names = ch.std === 'WeekDay' ? LONG_DAYS.map((d) => d.slice(0, 3)) : LONG_DAYS;
        const r = lookupName(names, value);
        if (!r) bad();
        value = r![1];
        break;
      }
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (ch.std === 'UnderDay' && value[0] === ' ') value = value.slice(1);
        day = num(ch.std === 'ZeroDay');
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay': {
        if (ch.std === 'UnderYearDay') value = value.replace(/^ {1,2}/, '');
        const m = ch.std === 'ZeroYearDay' ? /^\d{3}/.exec(value) : /^\d{1,3}/.exec(value);
        if (!m) bad();
        yday = Number(m![0]);
        value = value.slice(m![0].length);
        break;
      }
      case 'Hour':
        hour = num(false);
        if (hour < 0 || hour >= 24) range('hour');
        break;
      case 'Hour12':
      case 'ZeroHour12':
        hour = num(ch.std === 'ZeroHour12');
        if (hour < 0 || hour > 12) range('hour');
        break;
      case 'Minute':
      case 'ZeroMinute':
        min = num(ch.std === 'ZeroMinute');
        if (min < 0 || min >= 60) range('minute');
        break;
      case 'Second':
      case 'ZeroSecond': {
        sec = num(ch.std === 'ZeroSecond');
        if (sec < 0 || sec >= 60) range('second');
        // a fraction in the value without one in the layout
        if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout);
          if (next.std === 'Frac0' || next.std === 'Frac9') break;
          let n = 2;
          while (n < value.length && isDigitAt(value, n)) n++;
          nsec = parseNanos(value, n) ?? bad();
          value = value.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2);
        const [pm, am] = ch.std === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
        if (p === pm) pmSet = true;
        else if (p === am) amSet = true;
        else bad();
        value = value.slice(2);
        break;
      }
      case 'ISO8601TZ':
      case 'ISO8601ShortTZ':
      case 'ISO8601ColonTZ':
      case 'ISO8601SecondsTZ':
      case 'ISO8601ColonSecondsTZ':
      case 'NumTZ':
      case 'NumShortTZ':
      case 'NumColonTZ':
      case 'NumSecondsTz':
      case 'NumColonSecondsTZ': {
        if (ch.std.startsWith('ISO') && value[0] === 'Z') {
          value = value.slice(1);
          utc = true;
          break;
        }
        const kind = ch.std.replace(/^ISO8601/, 'Num');
        const re =
          kind === 'NumColonTZ' ? /^([+-])(\d\d):(\d\d)/
          : kind === 'NumShortTZ' ? /^([+-])(\d\d)/
          : kind === 'NumColonSecondsTZ' ? /^([+-])(\d\d):(\d\d):(\d\d)/
          : kind === 'NumSecondsTz' || kind === 'NumSecondsTZ' ? /^([+-])(\d\d)(\d\d)(\d\d)/
          : /^([+-])(\d\d)(\d\d)/;
        const m = re.exec(value);
        if (!m) bad();
        const hh = Number(m![2]);
        const mm = Number(m![3] ?? 0);
        const ss = Number(m![4] ?? 0);
        if (hh > 24 || mm > 60 || ss > 60) range('time zone offset');
        zoneOffset = (hh * 60 + mm) * 60 + ss;
        if (m![1] === '-') zoneOffset = -zoneOffset;
        value = value.slice(m![0].length);
        break;
      }
      case 'TZ': {
        if (value.startsWith('UTC')) {
          value = value.slice(3);
          utc = true;
          break;
        }
        const n = zoneAbbrLength(value);
        if (n === 0) bad();
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case 'Frac0': {
        const nd = 1 + ch.digits!;
        if (value.length < nd) bad();
        nsec = parseNanos(value, nd) ?? bad();
        value = value.slice(nd);
        break;
      }
      case 'Frac9': {
        if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break;
        let i = 0;
        while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
        nsec = parseNanos(value, 1 + i) ?? bad();
        value = value.slice(1 + i);
        break;
      }
    }
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    if (yday < 1 || yday > (isLeap(year) ? 366 : 365)) fail('', '', ': day-of-year out of range');
    const [, m, d] = civilFromDays(daysFromCivil(year, 1, 1) + yday - 1);
    if (month >= 0 && month !== m) fail('', '', ': day-of-year does not match month');
    if (day >= 0 && day !== d) fail('', '', ': day-of-year does not match day');
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) fail('', '', ': day out of range');
  if (utc) return makeTime(year, month, day, hour, min, sec, nsec, UTC);
  if (zoneOffset !== undefined) {
    const t = makeTime(year, month, day, hour, min, sec, nsec, UTC);
    return { sec: t.sec - zoneOffset, nsec: t.nsec, zone: { fixed: zoneOffset, abbr: zoneName } };
  }
  if (zoneName !== '') {
    const m = /^GMT([+-]\d+)$/.exec(zoneName);
    const off = m ? Number(m[1]) * 3600 : 0;
    const t = makeTime(year, month, day, hour, min, sec, nsec, UTC);
    return { sec: t.sec - off, nsec: t.nsec, zone: { fixed: off, abbr: zoneName } };
  }
  return makeTime(year, month, day, hour, min, sec, nsec, UTC);
}

// ------------------------------------------------------------------ durations

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};

/** Go's time.ParseDuration, in nanoseconds. */
export function parseDuration(orig: string): bigint {
  const invalid = (): never => {
    throw new TimeError(`time: invalid duration ${quote(orig)}`);
  };
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') invalid();
  const LIMIT = 1n << 63n;
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) invalid();
    const intM = /^\d*/.exec(s)![0];
    let v = intM === '' ? 0n : BigInt(intM);
    if (v > LIMIT) invalid();
    s = s.slice(intM.length);
    const pre = intM.length > 0;
    let post = false;
    let f = 0;
    let scale = 1;
    if (s[0] === '.') {
      s = s.slice(1);
      const fracM = /^\d*/.exec(s)![0];
      post = fracM.length > 0;
      let fi = 0n;
      let overflow = false;
      for (const ch of fracM) {
        if (overflow) continue;
        const next = fi * 10n + BigInt(ch);
        if (next > LIMIT) {
          overflow = true;
          continue;
        }
        fi = next;
        scale *= 10;
      }
      f = Number(fi);
      s = s.slice(fracM.length);
    }
    if (!pre && !post) invalid();
    let i = 0;
    while (i < s.length && !(s[i] === '.' || isDigitAt(s, i))) i++;
    if (i === 0) throw new TimeError(`time: missing unit in duration ${quote(orig)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS[u];
    if (unit === undefined) throw new TimeError(`time: unknown unit ${quote(u)} in duration ${quote(orig)}`);
    if (v > LIMIT / unit) invalid();
    v *= unit;
    if (f > 0) {
      v += BigInt(Math.trunc(f * (Number(unit) / scale)));
      if (v > LIMIT) invalid();
    }
    d += v;
    if (d > LIMIT) invalid();
  }
  if (neg) return -d;
  if (d > LIMIT - 1n) invalid();
  return d;
}
