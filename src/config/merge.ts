import path from 'node:path';
import type { Severity } from '../model/index.js';
import type { LoadedConfig } from './load.js';
import type { ConfigWaiver, Preset, RuleSetting } from './types.js';

/**
 * The values the user gave on the command line. Leave a key undefined when its flag was not
 * given (commander: `getOptionValueSource(key) !== 'cli'`), otherwise config values are lost.
 */
export interface FlagValues {
  paths?: string[];
  exclude?: string[];
  kubernetesVersion?: string;
  strict?: boolean;
  failOn?: Severity;
  preset?: Preset;
  pssVersion?: string;
  policies?: string[];
  crds?: string[];
  schemaLocations?: string[];
  skipKinds?: string[];
  rejectKinds?: string[];
  formats?: string[];
  /** A baseline file, or false for `--no-baseline` (ignore the config's baseline). */
  baseline?: string | false;
  reportWaivers?: boolean;
  ignoreResourceWaivers?: boolean;
}

export interface RuleConfig {
  /** Undefined: the rule's default severity (only options were given). */
  severity?: 'off' | Severity;
  options?: Record<string, unknown>;
}

/** Flags over config over defaults: what a run uses. Paths are absolute, globs repository-relative. */
export interface EffectiveSettings {
  /** Absolute path of the config file used, if any. */
  configFile?: string;
  /** Inputs to check: flags, else the config's `paths` (resolved against the config's folder), else `.`. */
  paths: string[];
  exclude: string[];
  /** Normalised `1.NN`, or undefined for the newest shipped. */
  kubernetesVersion?: string;
  strict: boolean;
  failOn: Severity;
  preset: Preset;
  pssVersion?: string;
  /** Per-rule overrides from the config (flags have none today). A severity `off` disables the rule. */
  rules: Record<string, RuleConfig>;
  policies: string[];
  crds: string[];
  schemaLocations: string[];
  skipKinds: string[];
  rejectKinds: string[];
  /** `--format` specs (`sarif=out.sarif`); empty means the default (text). File targets from the config are resolved against its folder. */
  formats: string[];
  waivers: ConfigWaiver[];
  /** Absolute baseline file, when one applies. */
  baseline?: string;
  reportWaivers: boolean;
  admission: { ignoreResourceWaivers: boolean };
}

export const DEFAULT_SETTINGS = {
  failOn: 'high' as Severity,
  preset: 'recommended' as Preset,
  strict: false,
} as const;

/**
 * Command-line flags override config values; config values override defaults. Scalars and
 * `paths`/`formats` are replaced by a flag; the selector lists (`exclude`, `skipKinds`,
 * `rejectKinds`, `crds`, `schemaLocations`, `policies`) are the config's plus the flag's, so
 * that `--exclude tmp/**` in CI does not silently re-include what the config excludes.
 *
 * `root` is the repository root (globs in findings are relative to it); `cwd` resolves flag paths.
 */
export function mergeWithFlags(loaded: LoadedConfig | undefined, flags: FlagValues, root: string, cwd = process.cwd()): EffectiveSettings {
  const c = loaded?.config ?? {};
  const dir = loaded?.dir ?? root;
  const fromConfig = (p: string): string => resolvePath(dir, p);
  const fromFlag = (p: string): string => resolvePath(cwd, p);
  const rebase = (glob: string): string => rebaseGlob(glob, dir, root);

  const settings: EffectiveSettings = {
    paths: flags.paths?.length ? flags.paths : c.paths?.length ? c.paths.map(fromConfig) : ['.'],
    exclude: [...(c.exclude ?? []).map(rebase), ...(flags.exclude ?? [])],
    strict: flags.strict ?? c.strict ?? DEFAULT_SETTINGS.strict,
    failOn: flags.failOn ?? c.failOn ?? DEFAULT_SETTINGS.failOn,
    preset: flags.preset ?? c.preset ?? DEFAULT_SETTINGS.preset,
    rules: normaliseRules(c.rules ?? {}),
    policies: [...(c.policies ?? []).map(fromConfig), ...(flags.policies ?? []).map(fromFlag)],
    crds: [...(c.crds ?? []).map(fromConfig), ...(flags.crds ?? []).map(fromFlag)],
    schemaLocations: [...(c.schemaLocations ?? []).map(fromConfig), ...(flags.schemaLocations ?? [])],
    skipKinds: [...(c.skipKinds ?? []), ...(flags.skipKinds ?? [])],
    rejectKinds: [...(c.rejectKinds ?? []), ...(flags.rejectKinds ?? [])],
    formats: flags.formats?.length ? flags.formats : (c.formats ?? []).map((f) => resolveFormatTarget(f, dir)),
    waivers: c.waivers ?? [],
    reportWaivers: flags.reportWaivers ?? false,
    admission: { ignoreResourceWaivers: flags.ignoreResourceWaivers ?? c.admission?.ignoreResourceWaivers ?? false },
  };
  if (loaded) settings.configFile = loaded.file;
  const version = flags.kubernetesVersion ?? c.kubernetesVersion;
  if (version !== undefined) settings.kubernetesVersion = normaliseMinorVersion(version);
  const pss = flags.pssVersion ?? c.pssVersion;
  if (pss !== undefined) settings.pssVersion = pss === 'latest' ? pss : normaliseMinorVersion(pss);
  if (flags.baseline !== false) {
    const baseline = flags.baseline !== undefined ? fromFlag(flags.baseline) : c.baseline !== undefined ? fromConfig(c.baseline) : undefined;
    if (baseline !== undefined) settings.baseline = baseline;
  }
  return settings;
}

function normaliseRules(rules: Record<string, RuleSetting>): Record<string, RuleConfig> {
  const out: Record<string, RuleConfig> = Object.create(null) as Record<string, RuleConfig>;
  for (const [id, setting] of Object.entries(rules)) {
    if (typeof setting === 'string') out[id] = { severity: setting };
    else {
      const rc: RuleConfig = {};
      if (setting.severity !== undefined) rc.severity = setting.severity;
      if (setting.options) rc.options = setting.options;
      out[id] = rc;
    }
  }
  return out;
}

/** `1.33`, `v1.33`, `1.33.2` -> `1.33`. Anything else is returned unchanged for the engine to reject. */
export function normaliseMinorVersion(input: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(input.trim());
  return m ? `${m[1]}.${m[2]}` : input;
}

/** URLs and path templates stay as written; plain relative paths are resolved against `base`. */
function resolvePath(base: string, p: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || path.isAbsolute(p)) return p;
  return path.resolve(base, p);
}

/** `sarif=out/report.sarif` in the config writes next to the config, wherever the command runs. */
function resolveFormatTarget(spec: string, dir: string): string {
  const eq = spec.indexOf('=');
  return eq < 0 ? spec : `${spec.slice(0, eq)}=${resolvePath(dir, spec.slice(eq + 1))}`;
}

/**
 * Config globs are written relative to the config's folder; exclusion works on
 * repository-relative paths. Globs without a `/` match base names anywhere and stay as they are.
 */
function rebaseGlob(glob: string, dir: string, root: string): string {
  const prefix = path.relative(root, dir).split(path.sep).join('/');
  if (!prefix || prefix.startsWith('..') || !glob.includes('/')) return glob;
  return `${prefix}/${glob.replace(/^\.\//, '').replace(/^\//, '')}`;
}
