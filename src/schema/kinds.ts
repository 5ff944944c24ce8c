/** apiVersion/kind helpers and the --skip / --reject kind lists. */

export interface Gvk {
  /** '' for the core group */
  group: string;
  version: string;
  kind: string;
  apiVersion: string;
}

export function parseGvk(apiVersion: string, kind: string): Gvk {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion, kind, apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind, apiVersion };
}

/** `apps/v1/Deployment`, `v1/ConfigMap`: the key of the bundled index and of CRD registrations. */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/**
 * A kind list as kubeconform takes it: entries are `Kind` (any apiVersion) or `apiVersion/Kind`
 * (`apps/v1/Deployment`, core `v1/ReplicationController`). Comma-separated entries are split.
 */
export class KindList {
  private readonly kinds = new Set<string>();
  private readonly gvks = new Set<string>();
  readonly entries: string[];

  constructor(entries: readonly string[]) {
    this.entries = entries.flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== '');
    for (const e of this.entries) (e.includes('/') ? this.gvks : this.kinds).add(e);
  }

  /** The entry that matches, if any. */
  match(apiVersion: string, kind: string): string | undefined {
    if (this.kinds.has(kind)) return kind;
    const key = gvkKey(apiVersion, kind);
    return this.gvks.has(key) ? key : undefined;
  }
}
