/** A Kubernetes minor release, e.g. `1.29`: deprecation facts never depend on the patch level. */
export interface KubeMinor {
  major: number;
  minor: number;
}

const VERSION_PATTERN = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,4})?(?:[-+][0-9A-Za-z.-]*)?$/;

/**
 * Parses `1.29`, `v1.29`, `1.29.3` or `v1.29.0-rc.1` into its minor release.
 * Throws on anything else: a target version is configuration, and a typo there must not
 * silently turn every deprecation check off.
 */
export function parseKubernetesVersion(text: string): KubeMinor {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) {
    throw new Error(`invalid Kubernetes version ${JSON.stringify(text)}: expected a version such as 1.33 or v1.33.2`);
  }
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** Negative when `a` is older than `b`, zero when the same minor release, positive when newer. */
export function compareKubeMinor(a: KubeMinor, b: KubeMinor): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** True when `target` is `version` or newer. */
export function isAtLeast(target: KubeMinor, version: string): boolean {
  return compareKubeMinor(target, parseKubernetesVersion(version)) >= 0;
}

export function formatKubeMinor(v: KubeMinor): string {
  return `v${v.major}.${v.minor}`;
}
