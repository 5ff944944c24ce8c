import { isIPv4, isIPv6 } from 'node:net';

/**
 * A format check: returns undefined when the value is fine, else a short phrase saying what is wrong
 * ("is not a valid quantity"). Checks apply to one JSON type only; other types pass.
 */
export interface FormatCheck {
  type: 'string' | 'number';
  check: (value: never) => string | undefined;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// 2^63 is not representable; compare against the nearest doubles.
const INT64_MIN = -9223372036854775808;
const INT64_MAX = 9223372036854775807;

function intRange(min: number, max: number, name: string): FormatCheck {
  return {
    type: 'number',
    check: (n: number) => (n < min || n > max ? `is out of range for ${name} (${min}..${max})` : undefined),
  };
}

/**
 * Kubernetes resource.Quantity, as resource.ParseQuantity reads it: an optional sign, a decimal number
 * (digits with at most one '.'), then a binary-SI suffix (Ki..Ei), a decimal-SI suffix (n u m k M G T P E)
 * or a decimal exponent (e3, E-2).
 */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** RFC 3339 date-time (metav1.Time, Go's time.RFC3339); the offset colon is optional, as kube-openapi's strfmt allows. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Standard base64 with padding; Go's decoder skips \r and \n. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Durations: Go's time.ParseDuration syntax (`1h30m`, `300ms`, `-1.5h`), the `d`/`w` units kube-openapi's
 * strfmt adds, and ISO 8601 (`PT5M`), which kubeconform also accepts.
 */
const GO_DURATION = /^[+-]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)\s*(?:ns|us|µs|μs|ms|s|m|h|d|w)\s*)+)$/;
const ISO_DURATION = /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

function checkDateTime(s: string): string | undefined {
  const m = DATE_TIME.exec(s);
  if (!m) return 'is not an RFC 3339 date-time (e.g. 2024-01-31T12:00:00Z)';
  const [, y, mo, d, h, mi, se, oh, om] = m.map(Number) as number[];
  if (!validDate(y!, mo!, d!) || h! > 23 || mi! > 59 || se! > 60 || (oh !== undefined && !Number.isNaN(oh) && (oh > 23 || om! > 59))) {
    return 'is not a valid date-time';
  }
  return undefined;
}

function checkCidr(s: string): string | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return 'is not a CIDR (e.g. 10.0.0.0/16)';
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return 'is not a CIDR (e.g. 10.0.0.0/16)';
  const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
  if (max < 0 || Number(bits) > max) return 'is not a CIDR (e.g. 10.0.0.0/16)';
  return undefined;
}

/** Formats with a check. Any other format name is an annotation and is not checked (as the API server does for unknown ones). */
export const FORMATS: Readonly<Record<string, FormatCheck>> = {
  int32: intRange(INT32_MIN, INT32_MAX, 'int32'),
  int64: intRange(INT64_MIN, INT64_MAX, 'int64'),
  quantity: {
    type: 'string',
    check: (s: string) => (QUANTITY.test(s) ? undefined : 'is not a valid quantity (e.g. 500m, 1.5, 128Mi, 2Gi, 1e3)'),
  },
  byte: {
    type: 'string',
    check: (s: string) => (BASE64.test(s.length > 0 && /[\r\n]/.test(s) ? s.replace(/[\r\n]/g, '') : s) ? undefined : 'is not valid base64'),
  },
  'date-time': { type: 'string', check: checkDateTime },
  datetime: { type: 'string', check: checkDateTime },
  date: {
    type: 'string',
    check: (s: string) => {
      const m = DATE.exec(s);
      return m && validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? undefined : 'is not a date (e.g. 2024-01-31)';
    },
  },
  duration: {
    type: 'string',
    check: (s: string) => (GO_DURATION.test(s) || ISO_DURATION.test(s) ? undefined : 'is not a duration (e.g. 30s, 5m, 1h30m)'),
  },
  uuid: { type: 'string', check: (s: string) => (UUID.test(s) ? undefined : 'is not a UUID') },
  ipv4: { type: 'string', check: (s: string) => (isIPv4(s) ? undefined : 'is not an IPv4 address') },
  ipv6: { type: 'string', check: (s: string) => (isIPv6(s) ? undefined : 'is not an IPv6 address') },
  cidr: { type: 'string', check: checkCidr },
};
