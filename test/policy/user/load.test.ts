import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Resource } from '../../../src/model/index.js';
import { createRepositoryView } from '../../../src/policy/index.js';
import { loadUserPolicies, type UserPolicySet } from '../../../src/policy/user/index.js';
import { PROJECT_ROOT } from '../../e2e/corpus.js';
import { resourcesFromYaml } from '../helpers/yaml-resources.js';
import { makeRepo, MANIFESTS, positionOf, removeRepo, ruleSource, summary } from './helpers.js';

/** TypeScript, importing the API from 'syncgate' (types too) and a helper from a `_` folder. */
const TEAM_LABEL_TS = `import { definePolicy, type ObjectMeta, type Rule } from 'syncgate';
import { labelOf } from './_lib/labels.ts';

const rule: Rule = ${ruleSource('custom/require-team-label')};

export default definePolicy({
  rule,
  kinds: ['Deployment'],
  *check({ object, resource }, ctx) {
    const name = typeof ctx.options['label'] === 'string' ? ctx.options['label'] : 'team';
    const metadata = object['metadata'] as ObjectMeta | undefined;
    if (!labelOf(metadata, name)) {
      yield { message: \`\${resource.name} has no \${name} label (k8s \${ctx.kubernetesVersion ?? '?'})\`, path: ['metadata', 'labels', name] };
    }
  },
});
`;

const LABELS_HELPER_TS = `import type { ObjectMeta } from 'syncgate';
export function labelOf(metadata: ObjectMeta | undefined, name: string): string | undefined {
  return metadata?.labels?.[name];
}
`;

/** JavaScript (ES module), workload policy with a path relative to the pod spec. */
const DIGEST_JS = `import { definePolicy } from 'syncgate';

export const digest = definePolicy({
  rule: ${ruleSource('acme/require-image-digest', 'low')},
  kinds: 'workloads',
  *check({ podSpec }) {
    for (const [i, c] of (podSpec.containers ?? []).entries()) {
      if (!String(c.image).includes('@sha256:')) yield { message: \`\${c.name} is not pinned by digest\`, path: ['containers', i, 'image'] };
    }
  },
});
`;

const THROWS_TS = `import { definePolicy } from 'syncgate';

export default definePolicy({
  rule: ${ruleSource('custom/strategy')},
  kinds: ['Deployment'],
  check({ object }) {
    const spec = object['spec'] as { strategy: { type: string } };
    if (spec.strategy.type === 'Recreate') return [{ message: 'recreate' }];
    return [];
  },
});
`;

const SYNTAX_ERROR_TS = `import { definePolicy } from 'syncgate';

const limit: number = 3
export default definePolicy({
  rule: ${ruleSource('custom/broken')},
  kinds: ['Deployment'],
  check() {
    return [{ message: 'x' }]]
  },
});
`;

const TOP_LEVEL_THROW_JS = `import { definePolicy } from 'syncgate';

const config = JSON.parse('{ not json');
export default definePolicy({ rule: ${ruleSource('custom/never')}, kinds: ['Deployment'], check() {} });
`;

const MISSING_IMPORT_TS = `import { definePolicy } from 'syncgate';
import { pad } from 'left-pad';

export default definePolicy({ rule: ${ruleSource('custom/missing')}, kinds: ['Deployment'], check: () => [{ message: pad('x', 3) }] });
`;

const ESCAPING_IMPORT_TS = `import { definePolicy } from 'syncgate';
import evil from '../outside/evil.ts';

export default definePolicy({ rule: ${ruleSource('custom/escape')}, kinds: ['Deployment'], check() { return evil; } });
`;

const BAD_RULES_TS = `import { definePolicy } from 'syncgate';

export const notNamespaced = definePolicy({ rule: ${ruleSource('TeamLabel')}, kinds: ['Deployment'], check() {} });
export const reserved = definePolicy({ rule: ${ruleSource('pss/privileged')}, kinds: ['Deployment'], check() {} });
export const noHelp = definePolicy({ rule: { ...${ruleSource('custom/no-help')}, helpUri: '' }, kinds: ['Deployment'], check() {} });
export const fine = definePolicy({ rule: ${ruleSource('custom/fine', 'info')}, kinds: ['Service'], check: ({ resource }) => [{ message: 'service ' + resource.name }] });
`;

const BAD_SEVERITY_TS = `import { definePolicy } from 'syncgate';

export default definePolicy({ rule: ${ruleSource('custom/loud', 'loud')}, kinds: ['Deployment'], check() {} });
`;

/** Reads a data file next to itself through import.meta.url, and looks at other resources. */
const DATA_AND_INDEX_TS = `import { readFileSync } from 'node:fs';
import { definePolicy } from 'syncgate';

const allowed: string[] = JSON.parse(readFileSync(new URL('./allowed-namespaces.json', import.meta.url), 'utf8'));

export default definePolicy({
  rule: ${ruleSource('custom/service-backed')},
  kinds: ['Service'],
  *check({ resource }, ctx) {
    if (!allowed.includes(resource.namespace ?? '')) yield { message: 'namespace not allowed' };
    if (!ctx.resources.get('Deployment', resource.namespace, resource.name)) yield { message: 'no Deployment of the same name' };
    else yield { message: \`backed by \${ctx.resources.byKind('Deployment').length} deployments, repository \${ctx.repository?.exists('policies/allowed-namespaces.json')}\`, severity: 'info', properties: { checked: true } };
  },
});
`;

const MUTATES_TS = `import { definePolicy } from 'syncgate';

export default definePolicy({
  rule: ${ruleSource('custom/mutates')},
  kinds: ['Service'],
  check({ object }) {
    (object['metadata'] as Record<string, unknown>)['name'] = 'renamed';
  },
});
`;

const EVIL_TS = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./executed.txt', import.meta.url), 'the policy outside the directory ran');
export default [];
`;

describe('loadUserPolicies: loading, checking, errors', () => {
  let repo: string;
  let set: UserPolicySet;
  let resources: Resource[];
  let findings: Finding[];

  beforeAll(async () => {
    repo = makeRepo({
      'policies/team-label.ts': TEAM_LABEL_TS,
      'policies/_lib/labels.ts': LABELS_HELPER_TS,
      'policies/digest.js': DIGEST_JS,
      'policies/strategy/throws.ts': THROWS_TS,
      'policies/broken.ts': SYNTAX_ERROR_TS,
      'policies/top-level-throw.js': TOP_LEVEL_THROW_JS,
      'policies/missing-import.ts': MISSING_IMPORT_TS,
      'policies/escaping-import.ts': ESCAPING_IMPORT_TS,
      'policies/bad-rules.ts': BAD_RULES_TS,
      'policies/bad-severity.ts': BAD_SEVERITY_TS,
      'policies/service.mts': DATA_AND_INDEX_TS,
      'policies/allowed-namespaces.json': '["shop"]',
      'policies/mutates.ts': MUTATES_TS,
      // The same rule id: with the same metadata (a second check for one rule), and with other metadata.
      'policies/shared-rule.js': `import { definePolicy } from 'syncgate';\nexport default definePolicy({ rule: ${ruleSource('custom/fine', 'info')}, kinds: ['Deployment'], check: () => [] });\n`,
      'policies/zz-duplicate.js': `import { definePolicy } from 'syncgate';\n\nexport default definePolicy({ rule: ${ruleSource('custom/fine', 'high')}, kinds: ['Deployment'], check: () => [] });\n`,
      'policies/constants.ts': 'export const TEAM = "team";\n',
      // Not policy modules: tests, declarations, dependencies, helpers.
      'policies/team-label.test.ts': 'throw new Error("tests are not loaded");\n',
      'policies/globals.d.ts': 'declare const x: number;\n',
      'policies/node_modules/dep/index.js': 'throw new Error("dependencies are not loaded");\n',
      'policies/_helpers.ts': 'export const helper = 1;\n',
      'outside/evil.ts': EVIL_TS,
    });
    // A link to a file outside the directory: reported, never loaded.
    symlinkSync(path.join(repo, 'outside/evil.ts'), path.join(repo, 'policies/linked-evil.ts'));
    set = await loadUserPolicies([path.join(repo, 'policies')], { root: repo });
    resources = resourcesFromYaml(MANIFESTS, 'deploy/shop.yaml');
    findings = await set.run(resources, { kubernetesVersion: '1.33', ruleOptions: {}, repository: createRepositoryView(repo) });
  });

  afterAll(async () => {
    await set?.close();
    if (repo) removeRepo(repo);
  });

  const loadFinding = (file: string): Finding[] => set.loadFindings.filter((f) => f.file === file);

  it('runs from a repository outside the project, with no node_modules, importing "syncgate"', () => {
    expect(path.relative(PROJECT_ROOT, repo).startsWith('..')).toBe(true);
    expect(existsSync(path.join(repo, 'node_modules'))).toBe(false);
    expect(set.policies).toContainEqual({ ruleId: 'custom/require-team-label', file: 'policies/team-label.ts' });
  });

  it('a TypeScript policy flags the resource at the exact line', () => {
    const hits = findings.filter((f) => f.ruleId === 'custom/require-team-label');
    expect(summary(hits)).toEqual(['deploy/shop.yaml:6:3 custom/require-team-label web has no team label (k8s 1.33)']);
    expect(hits[0]).toMatchObject({
      severity: 'medium',
      resource: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      pointer: '/metadata/labels',
      properties: { missingPointer: '/metadata/labels/team' },
    });
  });

  it('a JavaScript policy works the same way (paths relative to the pod spec)', () => {
    const hits = findings.filter((f) => f.ruleId === 'acme/require-image-digest');
    expect(summary(hits)).toEqual(['deploy/shop.yaml:19:11 acme/require-image-digest web is not pinned by digest']);
    expect(hits[0]!.pointer).toBe('/spec/template/spec/containers/0/image');
    expect(hits[0]!.severity).toBe('low');
  });

  it('a policy that throws is a policy/error naming the policy file and line; the others still run', () => {
    const errors = findings.filter((f) => f.ruleId === 'policy/error' && f.properties?.['policy'] === 'custom/strategy');
    expect(errors).toHaveLength(2); // both Deployments
    const where = positionOf(THROWS_TS, 'spec.strategy.type');
    expect(errors[0]!.message).toMatch(
      new RegExp(`^Policy custom/strategy \\(policies/strategy/throws\\.ts:${where.line}:\\d+\\) failed on Deployment shop/web: TypeError: Cannot read properties of undefined \\(reading 'type'\\)$`),
    );
    expect(errors[0]).toMatchObject({
      severity: 'high',
      file: 'deploy/shop.yaml',
      range: { startLine: 1 },
      properties: { policyFile: 'policies/strategy/throws.ts', errorFile: 'policies/strategy/throws.ts', errorLine: where.line },
    });
    expect(findings.some((f) => f.ruleId === 'custom/service-backed')).toBe(true);
  });

  it('a syntax error is a policy/error at the file, line and column', () => {
    const where = positionOf(SYNTAX_ERROR_TS, ']]', 0);
    const hits = loadFinding('policies/broken.ts');
    expect(summary(hits)).toEqual([
      `policies/broken.ts:${where.line}:${where.column + 1} policy/error Policy file policies/broken.ts:${where.line}:${where.column + 1} could not be compiled: Expected ";" but found "]"`,
    ]);
    expect(hits[0]!.severity).toBe('high');
  });

  it('a module that throws at top level is not loaded; the finding points at the line', () => {
    const where = positionOf(TOP_LEVEL_THROW_JS, 'JSON.parse');
    const [hit, ...rest] = loadFinding('policies/top-level-throw.js');
    expect(rest).toEqual([]);
    expect(hit!.range.startLine).toBe(where.line);
    expect(hit!.message).toMatch(/^Policy file policies\/top-level-throw\.js was not loaded: its top-level code threw at policies\/top-level-throw\.js:3:\d+: SyntaxError: /);
    expect(set.rules.map((r) => r.id)).not.toContain('custom/never');
  });

  it('an import of a missing module is a policy/error at the import', () => {
    const where = positionOf(MISSING_IMPORT_TS, "'left-pad'");
    expect(summary(loadFinding('policies/missing-import.ts'))).toEqual([
      `policies/missing-import.ts:${where.line}:${where.column} policy/error Policy file policies/missing-import.ts:${where.line}:${where.column} could not be compiled: cannot import "left-pad": no such package inside the policy directory; policies can import files inside their directory, "syncgate" and Node.js built-in modules`,
    ]);
  });

  it('a module that exports no policy is a policy/error', () => {
    expect(summary(loadFinding('policies/constants.ts'))).toEqual([
      'policies/constants.ts:1:1 policy/error Policy file policies/constants.ts was not loaded: it exports no policy; default-export definePolicy({ rule, kinds, check }) or a list of them (helpers that export no policy belong in files or folders whose names start with "_").',
    ]);
  });

  it('does not load files through symbolic links or imports that leave the directory, and runs none of their code', () => {
    expect(existsSync(path.join(repo, 'outside/executed.txt'))).toBe(false);
    const link = loadFinding('policies/linked-evil.ts');
    expect(link).toHaveLength(1);
    expect(link[0]!.message).toContain(`is a symbolic link to ${path.join(repo, 'outside/evil.ts')}, outside the policy directory; not loaded`);
    const where = positionOf(ESCAPING_IMPORT_TS, "'../outside/evil.ts'");
    const escaping = loadFinding('policies/escaping-import.ts');
    expect(escaping).toHaveLength(1);
    expect(escaping[0]!.range).toMatchObject({ startLine: where.line, startColumn: where.column });
    expect(escaping[0]!.message).toContain(`cannot import "../outside/evil.ts": it resolves to ${path.join(repo, 'outside/evil.ts')}, outside the policy directory`);
  });

  it('skips tests, declaration files, node_modules and names starting with "_"', () => {
    const files = new Set([...set.loadFindings.map((f) => f.file), ...set.policies.map((p) => p.file)]);
    for (const skipped of ['policies/team-label.test.ts', 'policies/globals.d.ts', 'policies/node_modules/dep/index.js', 'policies/_helpers.ts', 'policies/_lib/labels.ts']) {
      expect(files.has(skipped), skipped).toBe(false);
    }
  });

  it('validates rule ids (namespaced kebab-case, not a built-in namespace), severities and the other Rule fields', () => {
    const messages = loadFinding('policies/bad-rules.ts').map((f) => `${f.range.startLine}: ${f.message}`);
    expect(messages).toEqual([
      `3: Policy TeamLabel in policies/bad-rules.ts was not loaded: rule id "TeamLabel" must be namespaced kebab-case: lower-case words joined by "-", a namespace and a name joined by "/", such as "custom/team-label"`,
      `4: Policy pss/privileged in policies/bad-rules.ts was not loaded: rule id "pss/privileged" uses the namespace "pss/" of syncgate's own rules; use "custom/" or your organisation's prefix`,
      `5: Policy custom/no-help in policies/bad-rules.ts was not loaded: rule.helpUri of custom/no-help must be an absolute URI (for example a link to the policy file in your repository), got ""`,
    ]);
    expect(set.rules.map((r) => r.id)).toContain('custom/fine');
    const severity = loadFinding('policies/bad-severity.ts');
    expect(severity).toHaveLength(1);
    expect(severity[0]!.range.startLine).toBe(3);
    expect(severity[0]!.message).toContain('TypeError: definePolicy(custom/loud): rule.severity must be one of critical, high, medium, low, info');
  });

  it('lets policies share a rule, and refuses a second rule with the same id', () => {
    expect(set.policies.filter((p) => p.ruleId === 'custom/fine').map((p) => p.file)).toEqual(['policies/bad-rules.ts', 'policies/shared-rule.js']);
    expect(summary(loadFinding('policies/zz-duplicate.js'))).toEqual([
      'policies/zz-duplicate.js:3:43 policy/error Policy custom/fine in policies/zz-duplicate.js was not loaded: rule id custom/fine is already declared by policies/bad-rules.ts with different metadata; give each rule its own id, or share one Rule object between the policies',
    ]);
  });

  it('gives policies import.meta.url of their own file, the resource index, the repository view, violation severity and properties', () => {
    const hits = findings.filter((f) => f.ruleId === 'custom/service-backed');
    expect(summary(hits)).toEqual(['deploy/shop.yaml:41:1 custom/service-backed backed by 2 deployments, repository true']);
    expect(hits[0]).toMatchObject({ severity: 'info', properties: { checked: true } });
  });

  it('freezes resources so that one policy cannot change what another sees', () => {
    const hit = findings.find((f) => f.properties?.['policy'] === 'custom/mutates');
    expect(hit?.message).toMatch(/^Policy custom\/mutates \(policies\/mutates\.ts:7:\d+\) failed on Service shop\/web: TypeError: Cannot assign to read only property 'name'/);
    expect(findings.filter((f) => f.ruleId === 'custom/fine').map((f) => f.message)).toEqual(['service web']);
  });

  it('reports rules of the loaded policies and policy/error', () => {
    expect(set.rules.map((r) => r.id).sort()).toEqual([
      'acme/require-image-digest',
      'custom/fine',
      'custom/mutates',
      'custom/require-team-label',
      'custom/service-backed',
      'custom/strategy',
      'policy/error',
    ]);
  });

  it('passes rule options and runs again on another resource set without loading again', async () => {
    const other = resourcesFromYaml(MANIFESTS.replace('team: payments', 'owner: payments'), 'deploy/other.yaml');
    const again = await set.run(other, { ruleOptions: { 'custom/require-team-label': { label: 'owner' } } });
    expect(summary(again.filter((f) => f.ruleId === 'custom/require-team-label'))).toEqual(['deploy/other.yaml:6:3 custom/require-team-label web has no owner label (k8s ?)']);
  });
});

describe('loadUserPolicies: time limits', () => {
  const ENDLESS_CHECK_TS = `import { definePolicy } from 'syncgate';

export default definePolicy({
  rule: ${ruleSource('custom/endless')},
  kinds: ['Deployment'],
  check({ resource }) {
    if (resource.name === 'api') for (;;) {}
  },
});
`;
  const BEFORE_JS = `import { definePolicy } from 'syncgate';
export default definePolicy({ rule: ${ruleSource('custom/a-before')}, kinds: ['Deployment'], check: ({ resource }) => [{ message: 'before ' + resource.name }] });
`;
  const AFTER_JS = `import { definePolicy } from 'syncgate';
export default definePolicy({ rule: ${ruleSource('custom/z-after')}, kinds: ['Service'], check: ({ resource }) => [{ message: 'after ' + resource.name }] });
`;
  const ENDLESS_TOP_LEVEL_JS = `import { definePolicy } from 'syncgate';
while (true) {}
export default definePolicy({ rule: ${ruleSource('custom/never-loads')}, kinds: ['Deployment'], check() {} });
`;
  const NEVER_SETTLES_JS = `import { definePolicy } from 'syncgate';
await new Promise(() => {});
export default definePolicy({ rule: ${ruleSource('custom/never-settles')}, kinds: ['Deployment'], check() {} });
`;

  let repo: string;
  let set: UserPolicySet;
  let resources: Resource[];

  beforeAll(async () => {
    repo = makeRepo({
      'policies/a-before.js': BEFORE_JS,
      'policies/endless.ts': ENDLESS_CHECK_TS,
      'policies/endless-top-level.js': ENDLESS_TOP_LEVEL_JS,
      'policies/never-settles.js': NEVER_SETTLES_JS,
      'policies/z-after.js': AFTER_JS,
    });
    set = await loadUserPolicies([path.join(repo, 'policies')], { root: repo, timeoutMs: 1000 });
    resources = resourcesFromYaml(MANIFESTS, 'deploy/shop.yaml');
  });

  afterAll(async () => {
    await set?.close();
    if (repo) removeRepo(repo);
  });

  it('stops module code that never finishes loading and loads the others', () => {
    expect(summary(set.loadFindings)).toEqual([
      'policies/endless-top-level.js:1:1 policy/error Policy file policies/endless-top-level.js was not loaded: its top-level code timed out after 1000 ms.',
      'policies/never-settles.js:1:1 policy/error Policy file policies/never-settles.js was not loaded: its top-level code timed out after 1000 ms.',
    ]);
    expect(set.policies.map((p) => p.ruleId)).toEqual(['custom/a-before', 'custom/endless', 'custom/z-after']);
  });

  it('stops an endless loop, reports it on the resource it was checking, and runs the other policies', async () => {
    const findings = await set.run(resources);
    expect(summary(findings)).toEqual([
      'deploy/shop.yaml:1:1 custom/a-before before web',
      'deploy/shop.yaml:21:1 custom/a-before before api',
      'deploy/shop.yaml:21:1 policy/error Policy custom/endless (policies/endless.ts) timed out after 1000 ms while checking Deployment shop/api; it was stopped and did not check the resources after it.',
      'deploy/shop.yaml:41:1 custom/z-after after web',
    ]);
    expect(findings[2]).toMatchObject({ resource: { name: 'api' }, properties: { policy: 'custom/endless', policyFile: 'policies/endless.ts', error: 'timed out after 1000 ms' } });
  });

  it('does not run the culprit again in later runs, and says so', async () => {
    const findings = await set.run(resources);
    expect(summary(findings.filter((f) => f.ruleId === 'policy/error'))).toEqual([
      'policies/endless.ts:1:1 policy/error Policy custom/endless (policies/endless.ts) did not run: it timed out after 1000 ms in an earlier run.',
    ]);
    expect(findings.filter((f) => f.ruleId !== 'policy/error')).toHaveLength(3);
  });
});

describe('loadUserPolicies: worker crashes and stray errors', () => {
  const CRASHES_TS = `import { definePolicy } from 'syncgate';

export const exits = definePolicy({ rule: ${ruleSource('custom/exits')}, kinds: ['Service'], check() { process.exit(7); } });
export const late = definePolicy({
  rule: ${ruleSource('custom/late')},
  kinds: ['Service'],
  check() {
    void Promise.reject(new Error('too late'));
    return [{ message: 'checked' }];
  },
});
export const promise = definePolicy({ rule: ${ruleSource('custom/promise')}, kinds: ['Service'], check: (async () => []) as never });
`;
  let repo: string;
  let set: UserPolicySet;

  beforeAll(async () => {
    repo = makeRepo({ 'policies/crashes.ts': CRASHES_TS });
    set = await loadUserPolicies([path.join(repo, 'policies')], { root: repo });
  });

  afterAll(async () => {
    await set?.close();
    if (repo) removeRepo(repo);
  });

  it('reports a policy that ends the worker, a promise a policy left rejected, and a check returning a promise', async () => {
    const findings = await set.run(resourcesFromYaml(MANIFESTS, 'deploy/shop.yaml'));
    const messages = summary(findings);
    expect(messages).toContain(
      'deploy/shop.yaml:41:1 policy/error Policy custom/exits (policies/crashes.ts) crashed the policy worker (it exited with code 7) while checking Service shop/web; it was stopped and did not check the resources after it.',
    );
    expect(messages).toContain('deploy/shop.yaml:41:1 custom/late checked');
    expect(messages).toContain(
      'deploy/shop.yaml:41:1 policy/error Policy custom/promise (policies/crashes.ts) failed on Service shop/web: TypeError: check returned a Promise; checks must be synchronous: return or yield violations',
    );
    const stray = findings.filter((f) => f.file === 'policies/crashes.ts');
    expect(stray.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Policy code in policies\/crashes\.ts:8:\d+ failed outside a check \(in a callback or promise it started\): Error: too late$/),
    ]);
  });

  it('refuses to run after close()', async () => {
    const other = await loadUserPolicies([path.join(repo, 'policies')], { root: repo });
    await other.close();
    await expect(other.run([])).rejects.toThrow('closed');
  });
});

describe('loadUserPolicies: directories', () => {
  it('reports a missing directory and loads nothing else', async () => {
    const repo = makeRepo({ 'README.md': '' });
    try {
      const set = await loadUserPolicies(['policies'], { root: repo });
      expect(summary(set.loadFindings)).toEqual([
        'policies:1:1 policy/error Policy directory policies does not exist; check --policy and the `policies:` list of the configuration.',
      ]);
      expect(await set.run([])).toEqual([]);
      await set.close();
    } finally {
      removeRepo(repo);
    }
  });

  it('with no directories, has no rules and runs nothing', async () => {
    const set = await loadUserPolicies([], { root: PROJECT_ROOT });
    expect(set.rules).toEqual([]);
    expect(set.loadFindings).toEqual([]);
    expect(await set.run([])).toEqual([]);
    await set.close();
  });
});

describe('loadUserPolicies: positions and limits', () => {
  const LINE_ONE_THROW_TS = `const here: string = import.meta.url; if (here.endsWith('.ts')) throw new Error('line one: ' + here.slice(-8));
import { definePolicy } from 'syncgate';
export default definePolicy({ rule: ${ruleSource('custom/line-one')}, kinds: ['Deployment'], check() {} });
`;
  const LINE_ONE_SYNTAX_TS = `const here: string = import.meta.url; const broken = ;
`;
  const HOG_JS = `import { definePolicy } from 'syncgate';
export default definePolicy({
  rule: ${ruleSource('custom/hog')},
  kinds: ['Deployment'],
  check() {
    const hoard = [];
    for (;;) hoard.push(new Array(10_000).fill(hoard.length));
  },
});
`;
  const FINE_JS = `import { definePolicy } from 'syncgate';
export default definePolicy({ rule: ${ruleSource('custom/fine')}, kinds: ['Service'], check: ({ resource }) => [{ message: 'fine ' + resource.name }] });
`;

  it('maps line-1 columns of files that use import.meta (syntax errors and stack frames)', async () => {
    const repo = makeRepo({ 'shared/policies/line-one.ts': LINE_ONE_THROW_TS, 'shared/policies/line-one-syntax.ts': LINE_ONE_SYNTAX_TS });
    // The policy directory is given through a symbolic link: files are named the way the user named them.
    symlinkSync(path.join(repo, 'shared/policies'), path.join(repo, 'policies'));
    const set = await loadUserPolicies(['policies'], { root: repo });
    try {
      const thrown = positionOf(LINE_ONE_THROW_TS, 'new Error');
      const syntax = positionOf(LINE_ONE_SYNTAX_TS, '; const broken = ;', 0);
      expect(summary(set.loadFindings)).toEqual([
        `policies/line-one-syntax.ts:1:${syntax.column + 17} policy/error Policy file policies/line-one-syntax.ts:1:${syntax.column + 17} could not be compiled: Unexpected ";"`,
        `policies/line-one.ts:1:${thrown.column} policy/error Policy file policies/line-one.ts was not loaded: its top-level code threw at policies/line-one.ts:1:${thrown.column}: Error: line one: e-one.ts`,
      ]);
    } finally {
      await set.close();
      removeRepo(repo);
    }
  });

  it('stops a policy that exhausts the memory limit and runs the others', async () => {
    const repo = makeRepo({ 'policies/hog.js': HOG_JS, 'policies/fine.js': FINE_JS });
    const set = await loadUserPolicies(['policies'], { root: repo, memoryLimitMb: 96 });
    try {
      const findings = await set.run(resourcesFromYaml(MANIFESTS, 'deploy/shop.yaml'));
      expect(summary(findings)).toEqual([
        'deploy/shop.yaml:41:1 custom/fine fine web',
        'deploy/shop.yaml:1:1 policy/error Policy custom/hog (policies/hog.js) crashed the policy worker (it ran out of memory, limit 96 MB) while checking Deployment shop/web; it was stopped and did not check the resources after it.',
      ]);
    } finally {
      await set.close();
      removeRepo(repo);
    }
  });
});
