import { describe, expect, it } from 'vitest';
import {
  builtinPolicies,
  createPolicySet,
  LATEST_PSS_VERSION,
  parsePssVersion,
  PSS_RULES,
  PSS_VERSIONS,
  type PssLevel,
} from '../../src/policy/index.js';
import pssModule from '../../policies/pss/index.js';
import { resourcesFromYaml } from './helpers/yaml-resources.js';

function check(yaml: string, pssVersion?: string, pssLevel: PssLevel = 'restricted') {
  return createPolicySet(builtinPolicies({ pssVersion, pssLevel })).run(resourcesFromYaml(yaml, 'pod.yaml'));
}

function ids(yaml: string, pssVersion?: string, pssLevel: PssLevel = 'restricted'): string[] {
  return [...new Set(check(yaml, pssVersion, pssLevel).map((f) => f.ruleId))].sort();
}

/** A Pod that passes the restricted level at every version, with `extra` spliced into its spec. */
function pod(extra = '', containerExtra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: app
    image: app:1
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
${containerExtra}${extra}`;
}

describe('PSS rules', () => {
  it('have one namespaced rule per control with metadata, level tag and level severity', () => {
    expect(PSS_RULES).toHaveLength(19);
    expect(new Set(PSS_RULES.map((r) => r.id)).size).toBe(19);
    for (const r of PSS_RULES) {
      expect(r.id).toMatch(/^pss\/[a-z]+(-[a-z]+)*$/);
      expect(r.title && r.description && r.remediation).toBeTruthy();
      const level = r.tags.includes('pss-baseline') ? 'baseline' : 'restricted';
      expect(r.tags).toContain(`pss-${level}`);
      expect(r.severity).toBe(level === 'baseline' ? 'high' : 'medium');
      expect(r.helpUri).toBe(`https://kubernetes.io/docs/concepts/security/pod-security-standards/#${level}`);
    }
  });

  it('select controls by level and version like the admission plugin', () => {
    const rulesAt = (pssVersion: string, pssLevel: PssLevel) => builtinPolicies({ pssVersion, pssLevel }).map((p) => p.rule.id);
    expect(rulesAt('1.0', 'baseline')).not.toContain('pss/host-probes-and-lifecycle');
    expect(rulesAt('1.34', 'baseline')).toContain('pss/host-probes-and-lifecycle');
    expect(rulesAt('latest', 'baseline').every((id) => PSS_RULES.find((r) => r.id === id)?.tags.includes('pss-baseline'))).toBe(true);
    // Restricted replaces baseline controls from the version its own control appears.
    expect(rulesAt('1.21', 'restricted')).toEqual(expect.arrayContaining(['pss/capabilities-baseline', 'pss/seccomp-profile-restricted']));
    expect(rulesAt('1.22', 'restricted')).not.toContain('pss/capabilities-baseline');
    expect(rulesAt('1.18', 'restricted')).toContain('pss/seccomp-profile-baseline');
    expect(rulesAt('1.19', 'restricted')).not.toContain('pss/seccomp-profile-baseline');
    expect(rulesAt('1.0', 'restricted')).not.toContain('pss/host-path-volumes');
    expect(rulesAt('1.37', 'restricted')).toHaveLength(15);
  });

  it('ship as a policy module of restricted, latest workload policies', () => {
    expect(pssModule.map((p) => p.rule.id)).toEqual(builtinPolicies().map((p) => p.rule.id));
    expect(pssModule.every((p) => p.kinds === 'workloads')).toBe(true);
  });

  it('parse version options', () => {
    expect(PSS_VERSIONS[0]).toBe('1.0');
    expect(PSS_VERSIONS.at(-1)).toBe(LATEST_PSS_VERSION);
    expect(parsePssVersion('v1.25')).toEqual({ major: 1, minor: 25 });
    expect(parsePssVersion(undefined)).toEqual(parsePssVersion(LATEST_PSS_VERSION));
    expect(parsePssVersion('1.99')).toEqual(parsePssVersion('latest'));
    expect(() => parsePssVersion('1.x')).toThrow(/invalid Pod Security Standards version "1.x"/);
    expect(() => builtinPolicies({ pssLevel: 'privileged' as PssLevel })).toThrow(/level "privileged"/);
  });
});

describe('PSS findings', () => {
  it('point at the offending field in any workload kind', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1
        securityContext:
          privileged: true
`;
    const [f] = check(deployment, 'latest', 'baseline');
    expect(f).toMatchObject({
      ruleId: 'pss/privileged',
      severity: 'high',
      pointer: '/spec/template/spec/containers/0/securityContext/privileged',
      message: 'container "app" must not set securityContext.privileged=true',
      range: { startLine: 12, startColumn: 11 },
    });
  });

  it('report a missing field at its nearest parent, naming what to set', () => {
    const findings = check(pod('', '').replace('      allowPrivilegeEscalation: false\n', ''));
    expect(findings.map((f) => [f.ruleId, f.pointer, f.message])).toEqual([
      ['pss/allow-privilege-escalation', '/spec/containers/0/securityContext', 'container "app" must set securityContext.allowPrivilegeEscalation=false'],
    ]);
  });

  it('report a baseline violation caught by a replacing restricted control with the baseline severity', () => {
    const findings = check(pod('', '        add: [NET_RAW, CHOWN, NET_BIND_SERVICE]\n'));
    expect(findings.map((f) => [f.ruleId, f.severity, f.pointer, f.properties?.['pssLevel']])).toEqual([
      ['pss/capabilities-restricted', 'high', '/spec/containers/0/securityContext/capabilities/add/0', 'baseline'],
      ['pss/capabilities-restricted', 'medium', '/spec/containers/0/securityContext/capabilities/add/1', 'restricted'],
    ]);
  });

  it('read seccomp from annotations before 1.19 and from fields after', () => {
    const annotated = pod().replace('  name: p\n', '  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\n');
    expect(ids(annotated, '1.18', 'baseline')).toEqual(['pss/seccomp-profile-baseline']);
    expect(check(annotated, '1.18', 'baseline')[0]?.pointer).toBe('/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod');
    expect(ids(annotated, '1.19', 'baseline')).toEqual([]);
    const unconfined = pod().replace('type: RuntimeDefault', 'type: Unconfined');
    expect(ids(unconfined, '1.18', 'baseline')).toEqual([]);
    expect(ids(unconfined, '1.19', 'baseline')).toEqual(['pss/seccomp-profile-baseline']);
  });

  it('grow the safe sysctls with the version', () => {
    const withSysctl = (name: string) => pod().replace('    runAsNonRoot: true\n', `    runAsNonRoot: true\n    sysctls:\n    - name: ${name}\n      value: "1"\n`);
    expect(ids(withSysctl('net.ipv4.ip_local_reserved_ports'), '1.26')).toEqual(['pss/sysctls']);
    expect(ids(withSysctl('net.ipv4.ip_local_reserved_ports'), '1.27')).toEqual([]);
    expect(ids(withSysctl('net.ipv4.tcp_rmem'), '1.31')).toEqual(['pss/sysctls']);
    expect(ids(withSysctl('net.ipv4.tcp_rmem'), '1.32')).toEqual([]);
    expect(ids(withSysctl('net.ipv4.tcp_notsent_lowat'), '1.36')).toEqual(['pss/sysctls']);
    expect(ids(withSysctl('net.ipv4.tcp_notsent_lowat'), '1.37')).toEqual([]);
  });

  it('allow the container_engine_t SELinux type from 1.31', () => {
    const engine = pod('', '      seLinuxOptions:\n        type: container_engine_t\n');
    expect(ids(engine, '1.30')).toEqual(['pss/selinux-options']);
    expect(ids(engine, '1.31')).toEqual([]);
  });

  it('exempt Windows pods from privilege escalation, capabilities and seccomp from 1.25', () => {
    const windows = `apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  os:
    name: windows
  securityContext:
    runAsNonRoot: true
  containers:
  - name: app
    image: app:1
`;
    expect(ids(windows, '1.24')).toEqual(['pss/allow-privilege-escalation', 'pss/capabilities-restricted', 'pss/seccomp-profile-restricted']);
    expect(ids(windows, '1.25')).toEqual([]);
  });

  it('relax runAsNonRoot, runAsUser and baseline procMount for user-namespace pods from 1.35', () => {
    const userns = pod('  hostUsers: false\n', '      procMount: Unmasked\n      runAsUser: 0\n      runAsNonRoot: false\n');
    expect(ids(userns, '1.34')).toEqual(['pss/proc-mount', 'pss/run-as-non-root', 'pss/run-as-user']);
    expect(ids(userns, '1.35')).toEqual(['pss/proc-mount-restricted']);
    expect(check(userns, '1.35')[0]?.severity).toBe('medium');
    expect(ids(userns, '1.35', 'baseline')).toEqual([]);
  });

  it('check the AppArmor profile field as well as the annotation', () => {
    const field = pod('', '      appArmorProfile:\n        type: Unconfined\n');
    const [f] = check(field, '1.0', 'baseline');
    expect(f).toMatchObject({ ruleId: 'pss/apparmor-profile', pointer: '/spec/containers/0/securityContext/appArmorProfile/type' });
    expect(ids(pod('', '      appArmorProfile:\n        type: RuntimeDefault\n'))).toEqual([]);
  });

  it('allow only core volume types at the restricted level, hostPath with the baseline severity', () => {
    const vols = pod('  volumes:\n  - name: a\n    nfs:\n      server: s\n      path: /x\n  - name: b\n    hostPath:\n      path: /etc\n  - name: c\n    image:\n      reference: img:1\n  - name: d\n');
    expect(check(vols).map((f) => [f.ruleId, f.severity, f.pointer])).toEqual([
      ['pss/restricted-volumes', 'medium', '/spec/volumes/0/nfs'],
      ['pss/restricted-volumes', 'high', '/spec/volumes/1/hostPath'],
    ]);
    expect(check(vols, 'latest', 'baseline').map((f) => [f.ruleId, f.pointer])).toEqual([['pss/host-path-volumes', '/spec/volumes/1/hostPath']]);
  });

  it('survive malformed pod specs without throwing', () => {
    const weird = `apiVersion: v1
kind: Pod
metadata:
  name: weird
  annotations: [1, 2]
spec:
  containers: {a: 1}
  initContainers: [null, 3, {securityContext: "x", ports: "p"}]
  volumes: [null, {hostPath: null}]
  securityContext:
    sysctls: [null]
`;
    const findings = check(weird);
    expect(findings.filter((f) => f.ruleId === 'policy/error')).toEqual([]);
    expect(findings.map((f) => f.ruleId)).toContain('pss/sysctls');
  });
});
