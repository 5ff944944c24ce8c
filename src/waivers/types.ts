import type { Range, ResourceRef } from '../model/index.js';

/** Where a waiver was written: what findings about it point at. */
export interface WaiverOrigin {
  kind: 'config' | 'annotation';
  /** Repository-relative file of the config or the annotated manifest. */
  file: string;
  range: Range;
  /** Annotation waivers: pointer of the annotation in the resource. */
  pointer?: string;
  /** Annotation waivers: the resource carrying the annotation. */
  resource?: ResourceRef;
  /** `waivers[2]` or the annotation key: names the waiver in messages and fingerprints. */
  label: string;
}

/** One waiver, from either source, after validation. */
export interface Waiver {
  /** Rule id or glob (`*` matches any run of characters, `?` one). */
  rule: string;
  /** Resource selectors (globs); unset matches anything. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** Repository-relative path globs (picomatch). */
  files?: string[];
  /** JSON pointer glob: covers findings at this pointer or below it. */
  pointer?: string;
  /** Annotation waivers cover only the resource they sit on (and its file). */
  scope?: { file: string; resource: ResourceRef };
  reason: string;
  owner?: string;
  /** Last valid day (UTC) as YYYY-MM-DD; undefined for `never`. */
  expires?: string;
  origin: WaiverOrigin;
}

/** How each waiver fared in one run. */
export interface WaiverUsage {
  waiver: Waiver;
  status: 'active' | 'expiring' | 'expired';
  /** Findings the waiver matched (counted for every matching waiver, not only the one applied). */
  matched: number;
  /** Days until expiry (0 on the last valid day), when the waiver has a date. */
  daysLeft?: number;
}

/** `config:.syncgate.yaml:14:5` or `annotation:deploy/web.yaml:8:7`: the kind, then where to look. */
export function waiverSource(origin: WaiverOrigin): string {
  return `${origin.kind}:${origin.file}:${origin.range.startLine}:${origin.range.startColumn}`;
}
