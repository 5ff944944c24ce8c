import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/model/index.js';
import { createPolicySet, definePolicy, policiesFromModule, type Violation } from '../../src/policy/index.js';
import * as pssModule from '../../policies/pss/index.js';
import { resourcesFromYaml } from './helpers/yaml-resources.js';

const rule = (id: string): Rule => ({
  id,
  title: id,
  severity: 'medium',
  description: 'test rule',
  remediation: 'fix it',
  helpUri: 'https://example.test/' + id,
  tags: ['best-practice'],
});

/** Flags containers whose image uses the latest tag, writing paths relative to the pod spec. */
const noLatest = definePolicy({
  rule: rule('test/no-latest'),
  kinds: 'workloads',
  *check(target) {
    for (const [i, c] of (target.podSpec.containers ?? []).entries()) {
      if (c.image?.endsWith(':latest')) yield { message: `container ${c.name} uses :latest`, path: ['containers', i, 'image'] };
    }
  },
});

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata:
  name: pod
spec:
  containers:
  - name: app
    image: nginx:latest
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deploy
  namespace: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:latest
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cron
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: app
            image: nginx:latest
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    containers:
    - name: app
      image: nginx:latest
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports:
  - port: 80
---
apiVersion: example.com/v1
kind: Deployment
metadata:
  name: not-apps
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:latest
`;

describe('workload policies', () => {
  it('point at the same field in a Pod, a Deployment, a CronJob and a PodTemplate, and skip other kinds', () => {
    const findings = createPolicySet([noLatest]).run(resourcesFromYaml(WORKLOADS, 'apps.yaml'));
    expect(findings.map((f) => [f.resource?.kind, f.pointer, f.range.startLine])).toEqual([
      ['Pod', '/spec/containers/0/image', 8],
      ['Deployment', '/spec/template/spec/containers/0/image', 20],
      ['CronJob', '/spec/jobTemplate/spec/template/spec/containers/0/image', 34],
      ['PodTemplate', '/template/spec/containers/0/image', 44],
    ]);
    const deploy = findings[1]!;
    expect(deploy).toMatchObject({
      ruleId: 'test/no-latest',
      severity: 'medium',
      message: 'container app uses :latest',
      file: 'apps.yaml',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'deploy', namespace: 'web' },
    });
    expect(deploy.range.startColumn).toBe(9);
    expect(deploy.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('reports a missing field at its nearest existing parent, keeping the wanted pointer', () => {
    const needsLimits = definePolicy({
      rule: rule('test/limits'),
      kinds: 'workloads',
      *check() {
        yield { message: 'container app must set resources.limits.memory', path: '/containers/0/resources/limits/memory' };
      },
    });
    const [pod] = resourcesFromYaml(WORKLOADS, 'apps.yaml');
    const [finding] = createPolicySet([needsLimits]).run([pod!]);
    expect(finding?.pointer).toBe('/spec/containers/0');
    expect(finding?.range.startLine).toBe(7);
    expect(finding?.properties).toEqual({ missingPointer: '/spec/containers/0/resources/limits/memory' });
  });
});

describe('resource policies and the context', () => {
  it('see only their kinds, look other resources up, and get their rule options and versions', () => {
    const seen: string[] = [];
    const needsService = definePolicy({
      rule: rule('test/needs-service'),
      kinds: ['Deployment'],
      check(target, ctx) {
        seen.push(`${target.resource.name} k8s=${ctx.kubernetesVersion} pss=${ctx.pssVersion} suffix=${String(ctx.options['suffix'])}`);
        const wanted = `${target.resource.name}${String(ctx.options['suffix'] ?? '')}`;
        const out: Violation[] = [];
        if (!ctx.resources.get('Service', target.resource.namespace, wanted)) {
          out.push({ message: `no Service ${wanted} (services: ${ctx.resources.byKind('Service').map((s) => s.name).join(',')})`, path: '/metadata/name', severity: 'low' });
        }
        return out;
      },
    });
    const resources = resourcesFromYaml(WORKLOADS, 'apps.yaml');
    const findings = createPolicySet([needsService]).run(resources, {
      kubernetesVersion: '1.33',
      pssVersion: '1.30',
      ruleOptions: { 'test/needs-service': { suffix: '-svc' } },
    });
    expect(seen).toEqual(['deploy k8s=1.33 pss=1.30 suffix=-svc', 'not-apps k8s=1.33 pss=1.30 suffix=-svc']);
    expect(findings.map((f) => [f.resource?.name, f.severity, f.pointer, f.message])).toEqual([
      ['deploy', 'low', '/metadata/name', 'no Service deploy-svc (services: svc)'],
      ['not-apps', 'low', '/metadata/name', 'no Service not-apps-svc (services: svc)'],
    ]);
  });
});

describe('policy errors', () => {
  it('turn into a policy/error finding naming the policy file and line, and the run goes on', () => {
    const broken = definePolicy({
      rule: rule('test/broken'),
      kinds: 'workloads',
      check(target) {
        if (target.resource.kind === 'Deployment') {
          const missing = (target.podSpec as unknown as { nope?: { deeper: string } }).nope;
          return [{ message: missing!.deeper }];
        }
        return [];
      },
    });
    const set = createPolicySet([broken, noLatest]);
    const findings = set.run(resourcesFromYaml(WORKLOADS, 'apps.yaml'));
    const errors = findings.filter((f) => f.ruleId === 'policy/error');
    expect(errors).toHaveLength(1);
    const error = errors[0]!;
    expect(error.resource).toMatchObject({ kind: 'Deployment', name: 'deploy' });
    expect(error.file).toBe('apps.yaml');
    expect(error.range.startLine).toBe(10);
    expect(error.message).toMatch(/^Policy test\/broken \(test\/policy\/ts-api\.test\.ts:\d+:\d+\) failed on Deployment web\/deploy: TypeError: /);
    expect(error.properties).toMatchObject({ policy: 'test/broken', policyFile: 'test/policy/ts-api.test.ts', errorFile: 'test/policy/ts-api.test.ts' });
    expect(error.properties?.['errorLine']).toBeGreaterThan(0);
    // The other policy still ran on every workload, including the one the broken policy failed on.
    expect(findings.filter((f) => f.ruleId === 'test/no-latest')).toHaveLength(4);
    expect(set.rules.map((r) => r.id)).toEqual(['test/broken', 'test/no-latest', 'policy/error']);
  });

  it('also cover checks that return something other than violations', () => {
    const wrong = definePolicy({
      rule: rule('test/wrong'),
      kinds: ['Service'],
      check: (() => 'not a list') as unknown as () => Violation[],
    });
    const noMessage = definePolicy({
      rule: rule('test/no-message'),
      kinds: ['Service'],
      check: () => [{ path: '/spec' } as unknown as Violation],
    });
    const findings = createPolicySet([wrong, noMessage]).run(resourcesFromYaml(WORKLOADS, 'apps.yaml'));
    expect(findings.map((f) => f.ruleId)).toEqual(['policy/error', 'policy/error']);
    expect(findings[0]!.message).toContain('check must return or yield violations, got string "not a list"');
    expect(findings[1]!.message).toContain('a violation must be an object with a string `message`');
  });

  it('fall back to the start of the file when the locator itself fails', () => {
    const [pod] = resourcesFromYaml(WORKLOADS, 'apps.yaml');
    const broken = { ...pod!, locate: () => { throw new Error('no positions'); } };
    const [finding] = createPolicySet([noLatest]).run([broken]);
    expect(finding).toMatchObject({ ruleId: 'test/no-latest', pointer: '/spec/containers/0/image', range: { startLine: 1, startColumn: 1 } });
  });

  it('keeps the file that defined each policy', () => {
    expect(noLatest.source).toMatch(/test[\\/]policy[\\/]ts-api\.test\.ts$/);
  });
});

describe('policy modules', () => {
  it('yield the policies of the default and named exports', () => {
    expect(policiesFromModule(pssModule, 'policies/pss/index.ts').map((p) => p.rule.id)).toContain('pss/privileged');
    expect(policiesFromModule({ default: noLatest, again: [noLatest], helper: 42 }, 'm.ts')).toEqual([noLatest]);
  });

  it('name the file when a module exports no policy or mixes other values in', () => {
    expect(() => policiesFromModule({ default: { rule: rule('x/y'), kinds: 'workloads', check: () => [] } }, 'p.ts')).toThrow(
      /^p\.ts: exports no policy; default-export definePolicy/,
    );
    expect(() => policiesFromModule({ default: [noLatest, 'x'] }, 'p.ts')).toThrow(/^p\.ts: export "default" mixes policies/);
  });

  it('reject definitions without a valid rule', () => {
    expect(() => definePolicy({ rule: { ...rule('x/y'), severity: 'urgent' as never }, kinds: 'workloads', check: () => [] })).toThrow(
      /definePolicy\(x\/y\): rule.severity must be one of/,
    );
    expect(() => definePolicy({ rule: { ...rule('') }, kinds: ['Pod'], check: () => [] })).toThrow(/rule.id/);
  });
});
