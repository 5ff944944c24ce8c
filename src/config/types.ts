import type { Severity } from '../model/index.js';

export const PRESETS = ['minimal', 'recommended', 'strict'] as const;
export type Preset = (typeof PRESETS)[number];

/** `off`, a severity, or the long form with rule options. */
export type RuleSetting = 'off' | Severity | { severity?: 'off' | Severity; options?: Record<string, unknown> };

/** A waiver as written in `.syncgate.yaml` (checked by the waiver stage, not by the schema, so mistakes become findings). */
export interface ConfigWaiver {
  /** Rule id or glob (`k8s/*`, `pss/*`). */
  rule?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** Repository-relative path globs. */
  files?: string[];
  /** JSON pointer glob inside the resource (`/spec/template/spec/containers/*`). */
  pointer?: string;
  reason?: string;
  owner?: string;
  /** `YYYY-MM-DD` (last valid day, UTC) or `never`. */
  expires?: string;
}

/** The contents of `.syncgate.yaml` after validation. Every key is optional. */
export interface SyncgateConfig {
  $schema?: string;
  paths?: string[];
  exclude?: string[];
  kubernetesVersion?: string;
  strict?: boolean;
  failOn?: Severity;
  preset?: Preset;
  pssVersion?: string;
  rules?: Record<string, RuleSetting>;
  policies?: string[];
  crds?: string[];
  schemaLocations?: string[];
  skipKinds?: string[];
  rejectKinds?: string[];
  formats?: string[];
  waivers?: ConfigWaiver[];
  baseline?: string;
  admission?: { ignoreResourceWaivers?: boolean };
}
