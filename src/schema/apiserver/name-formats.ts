/**
 * The string formats the Kubernetes API server enforces on names, label keys and values.
 * Each validator returns the problems found (empty when valid), phrased for a user.
 */

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const QUALIFIED_NAME_MAX = 63;
export const LABEL_VALUE_MAX = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Lengths as Go's `len` counts them: bytes of UTF-8. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function tooLong(max: number, length: number): string {
  return `must be no more than ${max} characters (is ${length})`;
}

export function dns1123Label(value: string): string[] {
  const problems: string[] = [];
  const length = byteLength(value);
  if (length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX, length));
  if (!DNS1123_LABEL.test(value)) {
    problems.push(
      "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')",
    );
  }
  return problems;
}

export function dns1123Subdomain(value: string): string[] {
  const problems: string[] = [];
  const length = byteLength(value);
  if (length > DNS1123_SUBDOMAIN_MAX) problems.push(tooLong(DNS1123_SUBDOMAIN_MAX, length));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    problems.push(
      "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit (e.g. 'example.com')",
    );
  }
  return problems;
}

export function dns1035Label(value: string): string[] {
  const problems: string[] = [];
  const length = byteLength(value);
  if (length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX, length));
  if (!DNS1035_LABEL.test(value)) {
    problems.push(
      "must be an RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-name')",
    );
  }
  return problems;
}

/** RBAC names only have to be usable as one URL path segment. */
export function pathSegmentName(value: string, isPrefix: boolean): string[] {
  const problems: string[] = [];
  if (!isPrefix && (value === '.' || value === '..')) problems.push(`may not be '${value}'`);
  for (const forbidden of ['/', '%']) {
    if (value.includes(forbidden)) problems.push(`may not contain '${forbidden}'`);
  }
  return problems;
}

/** A label key or annotation key: `[prefix/]name`, the prefix a DNS subdomain. */
export function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const problems: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else problems.push(...dns1123Subdomain(prefix).map((p) => `prefix part ${p}`));
  } else if (parts.length > 2) {
    return [
      "must be a name with an optional DNS subdomain prefix and one '/' (e.g. 'example.com/my-name'); it has more than one '/'",
    ];
  }
  if (name.length === 0) {
    problems.push('name part must be non-empty');
    return problems;
  }
  const length = byteLength(name);
  if (length > QUALIFIED_NAME_MAX) problems.push(`name part ${tooLong(QUALIFIED_NAME_MAX, length)}`);
  if (!QUALIFIED_NAME.test(name)) {
    problems.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')",
    );
  }
  return problems;
}

export function labelValue(value: string): string[] {
  const problems: string[] = [];
  const length = byteLength(value);
  if (length > LABEL_VALUE_MAX) problems.push(tooLong(LABEL_VALUE_MAX, length));
  if (!LABEL_VALUE.test(value)) {
    problems.push(
      "must be empty or consist of alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')",
    );
  }
  return problems;
}

/** True for an IPv4 or IPv6 address written in its canonical form (how IPAddress objects must be named). */
export function isCanonicalIp(value: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value)) return true;
  if (!value.includes(':') || value.includes('[') || value.includes('%')) return false;
  try {
    // The WHATWG URL serialiser prints IPv6 hosts in RFC 5952 canonical form.
    return new URL(`http://[${value}]/`).hostname === `[${value}]`;
  } catch {
    return false;
  }
}
