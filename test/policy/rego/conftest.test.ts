import { describe, expect, it } from 'vitest';
import { loadRegoPolicies } from '../../../src/policy/rego/index.js';
import { repo, resourcesOf } from './helpers.js';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
        - name: side
          image: busybox:1.36
`;

const POLICY = `package main

import rego.v1

deny contains msg if {
  some c in input.spec.template.spec.containers
  endswith(c.image, ":latest")
  msg := sprintf("container %s uses a latest tag", [c.name])
}

warn_owner contains {"msg": "no owner label", "team": "platform"} if {
  not input.metadata.labels.owner
}

violation_pointed contains {"msg": "image is latest", "pointer": sprintf("/spec/template/spec/containers/%d/image", [i])} if {
  some i, c in input.spec.template.spec.containers
  endswith(c.image, ":latest")
}

deny_path contains {"msg": "path as segments", "path": ["spec", "template", "spec", "containers", 1, "image"]} if true
`;

describe('conftest-style Rego policies', () => {
  it('reports deny, warn and violation rules as findings at the resource, with pointers when given', async () => {
    const root = repo({ 'policy/main.rego': POLICY, 'manifests/deploy.yaml': DEPLOY });
    const set = loadRegoPolicies([], { root });
    expect(set.loadFindings).toEqual([]);
    const findings = set.run(await resourcesOf(root));
    const byRule = Object.fromEntries(findings.map((f) => [f.ruleId, f]));
    expect(Object.keys(byRule).sort()).toEqual(['rego/main/deny', 'rego/main/deny_path', 'rego/main/violation_pointed', 'rego/main/warn_owner']);
    // No field in the message: the finding points at the field the rule read (traced by the engine).
    expect(byRule['rego/main/deny']).toMatchObject({ severity: 'high', message: 'container app uses a latest tag', file: 'manifests/deploy.yaml', pointer: '/spec/template/spec/containers/0/image', range: { startLine: 12, startColumn: 11 } });
    // A missing field points at its nearest existing ancestor.
    expect(byRule['rego/main/warn_owner']).toMatchObject({ severity: 'medium', properties: { team: 'platform' }, pointer: '/metadata/labels', range: { startLine: 5 } });
    expect(byRule['rego/main/violation_pointed']).toMatchObject({ pointer: '/spec/template/spec/containers/0/image', range: { startLine: 12 } });
    expect(byRule['rego/main/deny_path']).toMatchObject({ pointer: '/spec/template/spec/containers/1/image', range: { startLine: 14 } });
    expect(set.rules.map((r) => r.id)).toContain('policy/error');
  });

  it('applies exceptions to the rules they name, for that input only', async () => {
    const root = repo({
      'policy/main.rego': `package main
import rego.v1
deny_latest contains "latest" if true
deny contains "plain" if true
exception contains rules if {
  input.metadata.name == "web"
  rules := ["latest"]
}
`,
      'manifests/a.yaml': DEPLOY,
      'manifests/b.yaml': DEPLOY.replace('name: web', 'name: api'),
    });
    const set = loadRegoPolicies([], { root });
    const findings = set.run(await resourcesOf(root));
    const seen = findings.map((f) => `${f.resource?.name}:${f.ruleId}`).sort();
    expect(seen).toEqual(['api:rego/main/deny', 'api:rego/main/deny_latest', 'web:rego/main/deny']);
  });

  it('selects namespaces: main by default, --namespace globs, --all-namespaces', async () => {
    const root = repo({
      'policy/a.rego': 'package main\nimport rego.v1\ndeny contains "main" if true\n',
      'policy/b.rego': 'package k8s.images\nimport rego.v1\ndeny contains "images" if true\n',
      'policy/c.rego': 'package other\nimport rego.v1\nwarn contains "other" if true\n',
      'manifests/d.yaml': DEPLOY,
    });
    const resources = await resourcesOf(root);
    const ids = (opts: object): string[] => loadRegoPolicies([], { root, ...opts }).run(resources).map((f) => f.ruleId).sort();
    expect(ids({})).toEqual(['rego/main/deny']);
    expect(ids({ namespaces: ['k8s.*'] })).toEqual(['rego/k8s.images/deny']);
    expect(ids({ allNamespaces: true })).toEqual(['rego/k8s.images/deny', 'rego/main/deny', 'rego/other/warn']);
  });

  it('reads v0 policies (gatekeeper style) and forced --rego-v0', async () => {
    const v0 = 'package main\n\ndeny[msg] {\n  input.kind == "Deployment"\n  msg := "v0 rule"\n}\n';
    const root = repo({ 'policy/v0.rego': v0, 'manifests/d.yaml': DEPLOY });
    const resources = await resourcesOf(root);
    expect(loadRegoPolicies([], { root }).run(resources).map((f) => f.message)).toEqual(['v0 rule']);
    expect(loadRegoPolicies([], { root, regoV0: true }).run(resources).map((f) => f.message)).toEqual(['v0 rule']);
  });

  it('exposes --data files under data and data.conftest.file per file', async () => {
    const root = repo({
      'policy/p.rego': `package main
import rego.v1
deny contains msg if {
  not input.metadata.name in data.allowed.names
  msg := sprintf("%s not allowed (%s)", [input.metadata.name, data.conftest.file.name])
}
`,
      'data/allowed.yaml': 'allowed:\n  names: [api]\n',
      'manifests/d.yaml': DEPLOY,
    });
    const findings = loadRegoPolicies([], { root, dataFiles: ['data'] }).run(await resourcesOf(root));
    expect(findings.map((f) => f.message)).toEqual(['web not allowed (manifests/d.yaml)']);
  });

  it('--combine gives one input array of {path, contents}; given or traced pointers pick the resource', async () => {
    const root = repo({
      'policy/p.rego': `package main
import rego.v1
deny contains {"msg": sprintf("%d resources", [count(input)])} if true
deny contains {"msg": "second", "pointer": "/1/contents/metadata/name"} if input[1].contents.metadata.name == "web"
deny contains "a latest image" if {
  some doc in input
  endswith(doc.contents.spec.template.spec.containers[_].image, ":latest")
}
`,
      'manifests/a.yaml': DEPLOY.replace('name: web', 'name: api').replace('nginx:latest', 'nginx:1.27'),
      'manifests/b.yaml': DEPLOY,
    });
    const findings = loadRegoPolicies([], { root, combine: true }).run(await resourcesOf(root));
    expect(findings.map((f) => [f.message, f.file, f.range.startLine])).toEqual([
      // No pointer in the message: the traced read picks the resource and the line.
      ['a latest image', 'manifests/b.yaml', 12],
      ['2 resources', 'manifests/a.yaml', 1],
      ['second', 'manifests/b.yaml', 4],
    ]);
  });
});

describe('untrusted policy directories and data', () => {
  it('does not follow a symbolic link out of the policy directory, and says so', async () => {
    const { symlinkSync, mkdirSync, writeFileSync } = await import('node:fs');
    const outside = repo({ 'evil.rego': 'package main\nimport rego.v1\ndeny contains "outside" if true\n' });
    const root = repo({ 'policy/ok.rego': 'package main\nimport rego.v1\ndeny contains "inside" if true\n', 'manifests/d.yaml': DEPLOY });
    symlinkSync(`${outside}/evil.rego`, `${root}/policy/evil.rego`);
    mkdirSync(`${root}/policy/.hidden`);
    writeFileSync(`${root}/policy/.hidden/h.rego`, 'package main\nimport rego.v1\ndeny contains "hidden" if true\n');
    const set = loadRegoPolicies([], { root });
    expect(set.loadFindings.map((f) => f.message)).toEqual([expect.stringContaining('links outside')]);
    expect(set.run(await resourcesOf(root)).map((f) => f.message)).toEqual(['inside']);
  });

  it('keeps __proto__ keys in data files as plain data', async () => {
    const root = repo({
      'policy/p.rego': 'package main\nimport rego.v1\ndeny contains msg if {\n  msg := data["__proto__"].polluted\n}\n',
      'data/d.json': '{"__proto__": {"polluted": "yes"}}',
      'manifests/d.yaml': DEPLOY,
    });
    const findings = loadRegoPolicies([], { root, dataFiles: ['data'] }).run(await resourcesOf(root));
    expect(findings.map((f) => f.message)).toEqual(['yes']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('broken policies become policy/error findings, and the others still run', () => {
  it('reports syntax, unsafe variable, undefined function, recursion and conflict errors with file and line', async () => {
    const root = repo({
      'policy/good.rego': 'package main\nimport rego.v1\ndeny contains "good" if true\n',
      'policy/syntax.rego': 'package main\nimport rego.v1\ndeny contains msg if {\n  msg := \n}\n',
      'policy/unsafe.rego': 'package main\nimport rego.v1\nwarn_u contains msg if {\n  x == 1\n  msg := "m"\n}\n',
      'policy/undef.rego': 'package main\nimport rego.v1\nwarn_f contains msg if {\n  msg := no_such_function(1)\n}\n',
      'policy/rec.rego': 'package rec\nimport rego.v1\np if q\nq if p\n',
      'policy/object.rego': 'package main\nimport rego.v1\ndeny_obj[msg] if {\n  msg := "x"\n}\n',
      'policy/conflict.rego': 'package main\nimport rego.v1\nv := 1 if true\nv := 2 if true\ndeny_conflict contains "c" if v == 1\n',
      'manifests/d.yaml': DEPLOY,
    });
    const set = loadRegoPolicies([], { root });
    const errs = set.loadFindings.map((f) => `${f.file}:${f.range.startLine}:${f.ruleId}`).sort();
    expect(errs).toEqual([
      'policy/object.rego:3:policy/error',
      'policy/rec.rego:3:policy/error',
      'policy/syntax.rego:5:policy/error',
      'policy/undef.rego:4:policy/error',
      'policy/unsafe.rego:4:policy/error',
    ]);
    expect(set.loadFindings.find((f) => f.file === 'policy/object.rego')?.message).toContain('contains msg if');
    const findings = set.run(await resourcesOf(root));
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['policy/error', 'rego/main/deny']);
    const conflict = findings.find((f) => f.ruleId === 'policy/error')!;
    expect(conflict).toMatchObject({ file: 'manifests/d.yaml', properties: { errorFile: 'policy/conflict.rego' } });
    expect(conflict.message).toContain('eval_conflict_error');
  });

  it('builtin errors make the expression undefined, unless showBuiltinErrors (conftest --show-builtin-errors)', async () => {
    const root = repo({
      'policy/p.rego': 'package main\nimport rego.v1\ndeny contains msg if {\n  msg := concat(",", input.kind)\n}\n',
      'manifests/d.yaml': DEPLOY,
    });
    const resources = await resourcesOf(root);
    expect(loadRegoPolicies([], { root }).run(resources)).toEqual([]);
    const strict = loadRegoPolicies([], { root, showBuiltinErrors: true }).run(resources);
    expect(strict.map((f) => [f.ruleId, f.properties?.['errorFile'], f.properties?.['errorLine']])).toEqual([['policy/error', 'policy/p.rego', 4]]);
    expect(strict[0]!.message).toContain('eval_type_error');
  });

  it('stops a runaway policy with the evaluation limits instead of hanging', async () => {
    const root = repo({
      'policy/slow.rego': 'package main\nimport rego.v1\ndeny contains "n" if {\n  count([x | some a in numbers.range(1, 1000); some b in numbers.range(1, 1000); x := a * b]) > 0\n}\n',
      'manifests/a.yaml': DEPLOY,
      'manifests/b.yaml': DEPLOY.replace('name: web', 'name: b'),
      'manifests/c.yaml': DEPLOY.replace('name: web', 'name: c'),
      'manifests/d.yaml': DEPLOY.replace('name: web', 'name: d'),
    });
    const set = loadRegoPolicies([], { root, limits: { maxSteps: 10_000 } });
    const findings = set.run(await resourcesOf(root));
    expect(findings.every((f) => f.ruleId === 'policy/error')).toBe(true);
    expect(findings.some((f) => f.message.includes('not evaluated on the remaining resources'))).toBe(true);
    expect(findings.filter((f) => f.message.includes('eval_limit_error')).length).toBe(3);
  });
});
