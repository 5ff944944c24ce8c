/** Pod Security Standards policy versions, as the pod-security-admission plugin numbers them (`v1.N`). */
export interface PssVersion {
  major: number;
  minor: number;
}

/** The newest version whose behaviour is implemented here (the newest in the official fixtures). */
export const LATEST_PSS_VERSION = '1.37';

const LATEST_MINOR = Number(LATEST_PSS_VERSION.split('.')[1]);

/** Every supported version, oldest first: `1.0` .. `1.37`. */
export const PSS_VERSIONS: readonly string[] = Object.freeze(Array.from({ length: LATEST_MINOR + 1 }, (_, i) => `1.${i}`));

/**
 * Parses a version option: `1.25`, `v1.25` or `latest` (the default). Versions newer than the latest
 * known one behave as the latest, as the admission plugin does; malformed or pre-1.0 values throw.
 */
export function parsePssVersion(value: string | undefined): PssVersion {
  const text = (value ?? 'latest').trim();
  if (text === '' || text === 'latest') return { major: 1, minor: LATEST_MINOR };
  const m = /^v?(\d+)\.(\d+)$/.exec(text);
  if (!m) {
    throw new Error(`invalid Pod Security Standards version ${JSON.stringify(value)}: use "latest" or a version like "1.${LATEST_MINOR}" (supported: 1.0 to ${LATEST_PSS_VERSION})`);
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major < 1) throw new Error(`invalid Pod Security Standards version ${JSON.stringify(value)}: the oldest is 1.0`);
  if (major > 1 || minor > LATEST_MINOR) return { major: 1, minor: LATEST_MINOR };
  return { major, minor };
}

export function formatPssVersion(v: PssVersion): string {
  return `${v.major}.${v.minor}`;
}

/** True when `v` is at or after `major.minor`. */
export function atLeast(v: PssVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}
