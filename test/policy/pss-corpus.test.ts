import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinPolicies, createPolicySet, PSS_RULES } from '../../src/policy/index.js';
import { resourcesFromYaml } from './helpers/yaml-resources.js';

/**
 * Oracle: the official Pod Security Standards fixtures of kubernetes/pod-security-admission.
 * For each level and version, every fail/ Pod must be flagged by the control its file name names,
 * and no pass/ Pod may be flagged by any control of that level.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus/pod-security-admission');
const present = existsSync(CORPUS);
if (!present) console.log(`pss-corpus: skipped, ${path.relative(REPO, CORPUS)} is absent (the shared test corpus is not part of a clone)`);

/** File-name prefix (the admission plugin's check id, lower-cased) to our rule id. */
const CONTROL_BY_PREFIX: Readonly<Record<string, string>> = {
  allowprivilegeescalation: 'pss/allow-privilege-escalation',
  apparmorprofile: 'pss/apparmor-profile',
  capabilities_baseline: 'pss/capabilities-baseline',
  capabilities_restricted: 'pss/capabilities-restricted',
  hostnamespaces: 'pss/host-namespaces',
  hostpathvolumes: 'pss/host-path-volumes',
  hostports: 'pss/host-ports',
  hostprobesandhostlifecycle: 'pss/host-probes-and-lifecycle',
  privileged: 'pss/privileged',
  procmount: 'pss/proc-mount',
  procmount_restricted: 'pss/proc-mount-restricted',
  restrictedvolumes: 'pss/restricted-volumes',
  runasnonroot: 'pss/run-as-non-root',
  runasuser: 'pss/run-as-user',
  seccompprofile_baseline: 'pss/seccomp-profile-baseline',
  seccompprofile_restricted: 'pss/seccomp-profile-restricted',
  selinuxoptions: 'pss/selinux-options',
  sysctls: 'pss/sysctls',
  windowshostprocess: 'pss/windows-host-process',
};

/** At the restricted level, from a policy version on, a restricted control replaces a baseline one (as upstream overrides). */
const RESTRICTED_REPLACEMENTS: Readonly<Record<string, [replacement: string, sinceMinor: number]>> = {
  'pss/host-path-volumes': ['pss/restricted-volumes', 0],
  'pss/seccomp-profile-baseline': ['pss/seccomp-profile-restricted', 19],
  'pss/capabilities-baseline': ['pss/capabilities-restricted', 22],
  'pss/proc-mount': ['pss/proc-mount-restricted', 35],
};

function expectedControl(level: string, minor: number, file: string): string | undefined {
  const prefix = file.replace(/\d*\.yaml$/, '');
  const control = CONTROL_BY_PREFIX[prefix];
  if (!control || level !== 'restricted') return control;
  const replacement = RESTRICTED_REPLACEMENTS[control];
  return replacement && minor >= replacement[1] ? replacement[0] : control;
}

function versionsOf(level: string): string[] {
  return readdirSync(path.join(CORPUS, level))
    .filter((d) => /^v1\.\d+$/.test(d))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

function yamlFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
}

interface Row {
  level: string;
  version: string;
  failFlagged: number;
  failTotal: number;
  passClean: number;
  passTotal: number;
}
const rows: Row[] = [];

afterAll(() => {
  if (rows.length === 0) return;
  const lines = ['level       version  fail flagged  pass clean'];
  for (const r of rows) {
    lines.push(`${r.level.padEnd(11)} ${r.version.padEnd(8)} ${`${r.failFlagged}/${r.failTotal}`.padStart(12)}  ${`${r.passClean}/${r.passTotal}`.padStart(10)}`);
  }
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  lines.push(`total                ${`${sum((r) => r.failFlagged)}/${sum((r) => r.failTotal)}`.padStart(12)}  ${`${sum((r) => r.passClean)}/${sum((r) => r.passTotal)}`.padStart(10)}`);
  console.log(lines.join('\n'));
});

for (const level of present ? ['baseline', 'restricted'] : []) {
  describe(`PSS ${level} against the official fixtures`, () => {
    for (const version of versionsOf(level)) {
      it(`${version}: fail/ Pods flagged by their control, pass/ Pods clean`, () => {
        const minor = Number(version.slice(3));
        const set = createPolicySet(builtinPolicies({ pssVersion: version, pssLevel: level as 'baseline' | 'restricted' }));
        const problems: string[] = [];
        const row: Row = { level, version, failFlagged: 0, failTotal: 0, passClean: 0, passTotal: 0 };
        for (const kind of ['fail', 'pass'] as const) {
          const dir = path.join(CORPUS, level, version, kind);
          for (const file of yamlFiles(dir)) {
            const resources = resourcesFromYaml(readFileSync(path.join(dir, file), 'utf8'), `${level}/${version}/${kind}/${file}`);
            const findings = set.run(resources, { pssVersion: version });
            const ids = [...new Set(findings.map((f) => f.ruleId))];
            const outside = findings.filter((f) => !f.pointer?.startsWith('/spec') && !f.pointer?.startsWith('/metadata/annotations/'));
            if (outside.length > 0) problems.push(`${kind}/${file}: finding not on a pod field: ${outside.map((f) => `${f.ruleId} at ${JSON.stringify(f.pointer)}`).join(', ')}`);
            if (kind === 'fail') {
              row.failTotal++;
              const expected = expectedControl(level, minor, file);
              if (!expected) problems.push(`fail/${file}: no control mapped for this file name`);
              else if (ids.includes(expected)) row.failFlagged++;
              else problems.push(`fail/${file}: expected ${expected}, got [${ids.join(', ')}]`);
            } else {
              row.passTotal++;
              if (findings.length === 0) row.passClean++;
              else problems.push(`pass/${file}: flagged by ${findings.map((f) => `${f.ruleId} at ${f.pointer}`).join(', ')}`);
            }
          }
        }
        rows.push(row);
        expect(problems).toEqual([]);
        expect(row.failTotal + row.passTotal).toBeGreaterThan(0);
      });
    }
  });
}

describe('PSS corpus table', () => {
  it('maps a fixture name to every PSS control', () => {
    expect(Object.values(CONTROL_BY_PREFIX).sort()).toEqual(PSS_RULES.map((r) => r.id).sort());
  });
});

if (!present) {
  describe('PSS corpus', () => {
    it.skip('needs ../shared/corpus/pod-security-admission beside the project', () => {});
  });
}
