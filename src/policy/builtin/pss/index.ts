import type { Rule } from '../../../model/index.js';
import { definePolicy, type Policy } from '../../ts/index.js';
import { BASELINE_SEVERITY, type PssControl, type PssLevel } from './control.js';
import { PSS_CONTROLS } from './controls/index.js';
import { atLeast, formatPssVersion, parsePssVersion, type PssVersion } from './version.js';

export type { PssControl, PssLevel } from './control.js';
export { PSS_CONTROLS } from './controls/index.js';
export { LATEST_PSS_VERSION, PSS_VERSIONS, parsePssVersion, formatPssVersion, type PssVersion } from './version.js';

/** The rule of every Pod Security Standards control (all levels, all versions). */
export const PSS_RULES: readonly Rule[] = Object.freeze(PSS_CONTROLS.map((c) => c.rule));

export interface PssOptions {
  /** `1.0` .. `1.37`, `v1.N` or `latest` (default). Newer versions behave as the latest. */
  pssVersion?: string;
  /** `restricted` (default: every control) or `baseline` (baseline controls only). */
  pssLevel?: PssLevel;
}

/**
 * The controls that apply at a level and version, resolved as the admission plugin does: controls
 * introduced after the version are left out, and at the restricted level a restricted control that
 * replaces a baseline one (e.g. capabilities) takes its place.
 */
export function pssControlsFor(level: PssLevel, version: PssVersion): PssControl[] {
  const active = PSS_CONTROLS.filter(
    (c) => atLeast(version, c.since[0], c.since[1]) && (level === 'restricted' || c.level === 'baseline'),
  );
  const replaced = new Set(level === 'restricted' ? active.map((c) => c.replaces).filter((id) => id !== undefined) : []);
  return active.filter((c) => !replaced.has(c.rule.id));
}

/** The Pod Security Standards as workload policies, bound to one level and version. */
export function pssPolicies(options: PssOptions = {}): Policy[] {
  const level = options.pssLevel ?? 'restricted';
  if (level !== 'baseline' && level !== 'restricted') {
    throw new Error(`invalid Pod Security Standards level ${JSON.stringify(level)}: use "baseline" or "restricted"`);
  }
  const version = parsePssVersion(options.pssVersion);
  const versionText = formatPssVersion(version);
  return pssControlsFor(level, version).map((control) =>
    definePolicy({
      rule: control.rule,
      kinds: 'workloads',
      check: function* (target) {
        for (const v of control.check(target, version)) {
          // A restricted control that replaces a baseline one raises baseline violations to the baseline severity.
          const pssLevel = v.severity === BASELINE_SEVERITY ? 'baseline' : control.level;
          yield { ...v, properties: { ...v.properties, pssLevel, pssVersion: versionText } };
        }
      },
    }),
  );
}
