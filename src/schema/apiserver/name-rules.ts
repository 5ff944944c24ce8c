import { dns1035Label, dns1123Label, dns1123Subdomain, isCanonicalIp, pathSegmentName } from './name-formats.js';

/** How the API server validates `metadata.name` for a kind. */
export type NameFormat = 'dns-subdomain' | 'dns-label' | 'dns-1035-label' | 'path-segment' | 'ip-address';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Kinds whose names follow something other than the default (a DNS-1123 subdomain, which
 * also applies to custom resources), keyed by `group/Kind`.
 */
const NAME_FORMATS: ReadonlyMap<string, NameFormat> = new Map<string, NameFormat>([
  ['/Namespace', 'dns-label'],
  ['/Service', 'dns-1035-label'],
  // StatefulSet pods take `<name>-<ordinal>` as hostname, so since v1.26 the API server requires a DNS label.
  ['apps/StatefulSet', 'dns-label'],
  [`${RBAC_GROUP}/Role`, 'path-segment'],
  [`${RBAC_GROUP}/ClusterRole`, 'path-segment'],
  [`${RBAC_GROUP}/RoleBinding`, 'path-segment'],
  [`${RBAC_GROUP}/ClusterRoleBinding`, 'path-segment'],
  ['networking.k8s.io/IPAddress', 'ip-address'],
]);

export function nameFormatOf(group: string, kind: string): NameFormat {
  return NAME_FORMATS.get(`${group}/${kind}`) ?? 'dns-subdomain';
}

/**
 * Problems with a name (or, with `isPrefix`, a generateName prefix) in the given format.
 * A generateName prefix may end in '-' because random characters follow it.
 */
export function nameProblems(format: NameFormat, value: string, isPrefix: boolean): string[] {
  if (format === 'path-segment') return pathSegmentName(value, isPrefix);
  if (format === 'ip-address') {
    if (isPrefix) return ['IPAddress objects cannot use generateName: the name must be the IP address'];
    return isCanonicalIp(value) ? [] : ['must be an IP address in canonical form (e.g. 10.0.0.1 or 2001:db8::1)'];
  }
  const checked = isPrefix ? maskTrailingDash(value) : value;
  switch (format) {
    case 'dns-label':
      return dns1123Label(checked);
    case 'dns-1035-label':
      return dns1035Label(checked);
    default:
      return dns1123Subdomain(checked);
  }
}

/** As the API server does for prefixes: a trailing '-' is fine, so check the prefix as if it ended in a letter. */
function maskTrailingDash(value: string): string {
  return value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
}

export function describeNameFormat(format: NameFormat): string {
  switch (format) {
    case 'dns-label':
      return 'a DNS-1123 label';
    case 'dns-1035-label':
      return 'an RFC 1035 label';
    case 'path-segment':
      return 'a path segment';
    case 'ip-address':
      return 'an IP address';
    default:
      return 'a DNS-1123 subdomain';
  }
}

/**
 * A valid name close to `value`, to suggest in a finding: lowercased, runs of disallowed
 * characters turned into '-', trimmed to the length limit. Undefined when no obvious fix exists.
 */
export function suggestName(format: NameFormat, value: string): string | undefined {
  if (format === 'path-segment' || format === 'ip-address') return undefined;
  const allowDots = format === 'dns-subdomain';
  const max = allowDots ? 253 : 63;
  const lower = value.toLowerCase();
  const parts = (allowDots ? lower.split('.') : [lower])
    .map((part) => part.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '');
  let suggestion = parts.join('.').slice(0, max).replace(/[-.]+$/, '');
  if (format === 'dns-1035-label') suggestion = suggestion.replace(/^[^a-z]+/, '');
  if (suggestion === '' || suggestion === value) return undefined;
  return nameProblems(format, suggestion, false).length === 0 ? suggestion : undefined;
}
