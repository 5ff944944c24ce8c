import type { Finding, Resource } from '../../model/index.js';
import { DEPRECATED_APIS, type ApiReplacement, type DeprecatedApi } from './deprecated-apis.js';
import { resourceFinding } from './finding.js';
import { formatKubeMinor, isAtLeast, parseKubernetesVersion, type KubeMinor } from './kube-version.js';
import { RULE_DEPRECATED_API, RULE_REMOVED_API } from './rules.js';

const BY_API_AND_KIND = new Map<string, DeprecatedApi>(DEPRECATED_APIS.map((e) => [`${e.apiVersion}|${e.kind}`, e]));

/** The table entry for an apiVersion and kind: the exact kind first, then `<Kind>List`'s kind, then the whole apiVersion. */
export function findDeprecatedApi(apiVersion: string, kind: string): DeprecatedApi | undefined {
  const exact = BY_API_AND_KIND.get(`${apiVersion}|${kind}`);
  if (exact) return exact;
  if (kind.length > 4 && kind.endsWith('List')) {
    const item = BY_API_AND_KIND.get(`${apiVersion}|${kind.slice(0, -4)}`);
    if (item) return item;
  }
  return BY_API_AND_KIND.get(`${apiVersion}|*`);
}

export interface ResolvedReplacement extends ApiReplacement {
  kind: string;
}

/**
 * The replacement to recommend for the target version. A replacement that is itself deprecated
 * by then is followed to its own replacement (flowcontrol v1beta1 → v1beta3 → v1), so the
 * message never sends people to another dead end. When the chain ends in an API that is gone
 * without a successor (extensions/v1beta1 → policy/v1beta1 PodSecurityPolicy), there is no
 * replacement, and `deadEnd` is that last entry, whose note says what to do instead.
 */
export function resolveReplacement(
  entry: DeprecatedApi,
  kind: string,
  target: KubeMinor,
): { replacement?: ResolvedReplacement; deadEnd?: DeprecatedApi } {
  if (!entry.replacement) return { deadEnd: entry };
  let current: ResolvedReplacement = { ...entry.replacement, kind: entry.replacement.kind ?? kind };
  const seen = new Set<string>();
  for (;;) {
    const key = `${current.apiVersion}|${current.kind}`;
    if (seen.has(key)) return { replacement: current };
    seen.add(key);
    const next = findDeprecatedApi(current.apiVersion, current.kind);
    if (!next || !isAtLeast(target, next.deprecatedIn)) return { replacement: current };
    if (!next.replacement) {
      const gone = next.removedIn !== undefined && isAtLeast(target, next.removedIn);
      return gone ? { deadEnd: next } : { replacement: current };
    }
    current = { ...next.replacement, kind: next.replacement.kind ?? current.kind };
  }
}

/**
 * Reports a resource whose apiVersion is removed (high) or deprecated (medium) in the target
 * Kubernetes version. `kubernetesVersion` is `1.33`, `v1.33` or `1.33.2`; anything else throws.
 */
export function checkDeprecatedApi(resource: Resource, kubernetesVersion: string): Finding[] {
  const target = parseKubernetesVersion(kubernetesVersion);
  if (typeof resource.apiVersion !== 'string' || typeof resource.kind !== 'string') return [];
  const entry = findDeprecatedApi(resource.apiVersion, resource.kind);
  if (!entry || !isAtLeast(target, entry.deprecatedIn)) return [];

  const removed = entry.removedIn !== undefined && isAtLeast(target, entry.removedIn);
  const { replacement, deadEnd } = resolveReplacement(entry, resource.kind, target);
  const subject = `${resource.apiVersion} ${resource.kind}`;
  const advice = adviceFor(replacement, deadEnd, target);
  const message = removed
    ? `${subject} is no longer served since Kubernetes v${entry.removedIn} (target ${formatKubeMinor(target)}): ${advice}`
    : `${subject} is deprecated since Kubernetes v${entry.deprecatedIn}` +
      (entry.removedIn ? ` and will be removed in v${entry.removedIn}` : ' (no removal scheduled yet)') +
      `: ${advice}`;

  const properties: Record<string, unknown> = {
    targetVersion: formatKubeMinor(target),
    stage: entry.stage,
    deprecatedIn: `v${entry.deprecatedIn}`,
  };
  if (entry.removedIn) properties['removedIn'] = `v${entry.removedIn}`;
  if (replacement) {
    properties['replacementApiVersion'] = replacement.apiVersion;
    properties['replacementKind'] = replacement.kind;
    properties['replacementAvailableIn'] = `v${replacement.availableIn}`;
  }
  return [
    resourceFinding(resource, {
      ruleId: removed ? RULE_REMOVED_API : RULE_DEPRECATED_API,
      severity: removed ? 'high' : 'medium',
      message,
      pointer: '/apiVersion',
      ...(entry.note && replacement ? { help: `Migration notes: ${entry.note}.` } : {}),
      properties,
    }),
  ];
}

function adviceFor(replacement: ResolvedReplacement | undefined, deadEnd: DeprecatedApi | undefined, target: KubeMinor): string {
  if (!replacement) return deadEnd?.note ?? 'there is no replacement API';
  const use = `use ${replacement.apiVersion} ${replacement.kind}`;
  if (!isAtLeast(target, replacement.availableIn)) {
    return `${use} (served from v${replacement.availableIn}, newer than the target: migrate together with the upgrade)`;
  }
  return `${use} (available since v${replacement.availableIn})`;
}
