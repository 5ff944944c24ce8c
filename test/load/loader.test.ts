import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load/index.js';
import { makeTree } from './helpers.js';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

async function load(root: string, inputs = ['.'], extra: Partial<Parameters<typeof loadInputs>[0]> = {}) {
  return loadInputs({ root, inputs: inputs.map((i) => (i === '-' ? i : path.join(root, i))), ...extra });
}

describe('discovery', () => {
  it('walks directories recursively for .yaml, .yml and .json, in a stable order', async () => {
    const root = makeTree({ 'b/one.yaml': deployment('one'), 'a/two.yml': deployment('two'), 'c/three.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'three' } }), 'notes.txt': 'kind: Secret' });
    const r = await load(root);
    expect(r.files).toEqual(['a/two.yml', 'b/one.yaml', 'c/three.json']);
    expect(r.resources.map((x) => x.name)).toEqual(['two', 'one', 'three']);
  });

  it('names a path that does not exist', async () => {
    const root = makeTree({ 'x.yaml': deployment('x') });
    const r = await load(root, ['missing.yaml']);
    expect(r.inputErrors).toEqual([`path does not exist: ${path.join(root, 'missing.yaml')}`]);
  });

  it('honours .gitignore and --exclude, and lists excluded files', async () => {
    const root = makeTree({ '.gitignore': 'generated/\n', 'generated/g.yaml': deployment('g'), 'apps/a.yaml': deployment('a'), 'apps/skip-me.yaml': deployment('s') });
    const r = await load(root, ['.'], { exclude: ['skip-*.yaml'] });
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
    expect(r.skipped).toContainEqual(expect.objectContaining({ file: 'apps/skip-me.yaml', kind: 'excluded' }));
  });

  it('expands glob patterns', async () => {
    const root = makeTree({ 'apps/a.yaml': deployment('a'), 'apps/b.yml': deployment('b'), 'infra/c.yaml': deployment('c') });
    const r = await loadInputs({ root, inputs: [path.join(root, 'apps/*.yaml')] });
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
  });

  it('survives a directory symlink loop and never follows links out of the tree', async () => {
    const outside = makeTree({ 'secret.yaml': deployment('outside') });
    const root = makeTree({ 'apps/a.yaml': deployment('a') });
    symlinkSync(path.join(root, 'apps'), path.join(root, 'apps', 'loop'));
    symlinkSync(outside, path.join(root, 'escape'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'apps', 'link.yaml'));
    const r = await load(root);
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
    expect(r.skipped.map((s) => s.kind).sort()).toEqual(['outside-root', 'outside-root', 'symlink-loop']);
  });

  it('reads standard input for "-"', async () => {
    const root = makeTree({});
    const r = await loadInputs({ root, inputs: ['-'], readStdin: async () => Buffer.from(deployment('piped')) });
    expect(r.resources[0]).toMatchObject({ name: 'piped', source: { file: '<stdin>' } });
    expect(r.resources[0]!.locate('/spec/replicas')).toMatchObject({ startLine: 6, startColumn: 3 });
  });
});

describe('documents', () => {
  it('splits multi-document files, expands kind: List, and ignores empty and comment-only documents', async () => {
    const text = `---\n# only a comment\n---\n${deployment('a')}---\n\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: item0\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: item1\n`;
    const root = makeTree({ 'm.yaml': text });
    const r = await load(root);
    expect(r.findings).toEqual([]);
    expect(r.resources.map((x) => `${x.kind}/${x.name}`)).toEqual(['Deployment/a', 'ConfigMap/item0', 'Secret/item1']);
    const item1 = r.resources[2]!;
    expect(item1.documentPointer).toBe('/items/1');
    // Positions are file-absolute, and pointers of a List item are relative to the item.
    const lines = text.split('\n');
    const line = item1.locate('/metadata/name').startLine;
    expect(lines[line - 1]).toBe('      name: item1');
  });

  it('handles a UTF-8 BOM, CRLF line endings and JSON files', async () => {
    const root = makeTree({
      'bom.yaml': '\ufeff' + deployment('bom'),
      'crlf.yaml': deployment('crlf').replace(/\n/g, '\r\n'),
      'x.json': '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {\n    "name": "json"\n  }\n}\n',
    });
    const r = await load(root);
    expect(r.findings).toEqual([]);
    const byName = Object.fromEntries(r.resources.map((x) => [x.name, x]));
    expect(byName['bom']!.locate('/kind')).toMatchObject({ startLine: 2, startColumn: 1 });
    expect(byName['crlf']!.locate('/spec/replicas')).toMatchObject({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 14 });
    expect(byName['json']!.locate('/metadata/name')).toMatchObject({ startLine: 5, startColumn: 5 });
  });

  it('reads scalars as Kubernetes does (YAML 1.1 booleans and octals, timestamps stay strings)', async () => {
    const root = makeTree({ 'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    enabled: yes\n    mode: 0755\n    date: 2001-12-14\n    time: 1:20\n    exp: 1e3\n' });
    const r = await load(root);
    expect((r.resources[0]!.object['metadata'] as Record<string, unknown>)['annotations']).toEqual({ enabled: true, mode: 493, date: '2001-12-14', time: '1:20', exp: 1000 });
  });

  it('keeps __proto__ and constructor keys as data, never as prototypes', async () => {
    const root = makeTree({ 'p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  __proto__: polluted\n  constructor: x\n', 'q.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n__proto__:\n  isAdmin: true\n' });
    const r = await load(root);
    const data = r.resources.find((x) => x.name === 'p')!.object['data'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect((r.resources.find((x) => x.name === 'q')!.object as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('resolves anchors, aliases and merge keys, and points into the anchored node', async () => {
    const root = makeTree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &common\n    team: web\ndata:\n  <<: *common\n  extra: "1"\n' });
    const r = await load(root);
    expect(r.findings).toEqual([]);
    expect(r.resources[0]!.object['data']).toEqual({ team: 'web', extra: '1' });
    expect(r.resources[0]!.locate('/data/team')).toMatchObject({ startLine: 6, startColumn: 5 });
  });
});

describe('bad input', () => {
  it('reports a syntax error with a file-absolute line and column and keeps the other documents', async () => {
    const root = makeTree({ 's.yaml': `${deployment('ok')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n  namespace: x\n` });
    const r = await load(root);
    expect(r.resources.map((x) => x.name)).toEqual(['ok']);
    const syntax = r.findings.filter((f) => f.ruleId === 'schema/yaml-syntax');
    expect(syntax.length).toBeGreaterThan(0);
    // Line 17 of the file (line 5 of its document): where the unclosed flow sequence is noticed.
    expect(syntax[0]).toMatchObject({ file: 's.yaml', severity: 'high', range: { startLine: 17, startColumn: 3 }, message: expect.stringContaining('Flow sequence') });
  });

  it('reports duplicate keys: a warning by default, an error in strict mode, last value wins', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  a: "1"\n  a: "2"\n';
    const root = makeTree({ 'd.yaml': text });
    const loose = await load(root);
    expect(loose.findings).toEqual([expect.objectContaining({ ruleId: 'schema/duplicate-key', severity: 'medium', range: expect.objectContaining({ startLine: 7, startColumn: 3 }) })]);
    expect(loose.findings[0]!.message).toContain('"a"');
    expect(loose.resources[0]!.object['data']).toEqual({ a: '2' });
    const strict = await load(root, ['.'], { strict: true });
    expect(strict.findings[0]!.severity).toBe('high');
  });

  it('stops an alias bomb with a finding instead of hanging or exhausting memory', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    const root = makeTree({ 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${levels.map((l) => '  ' + l).join('\n')}\n` });
    const r = await load(root);
    expect(r.resources).toEqual([]);
    expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'schema/yaml-alias-limit', file: 'bomb.yaml' })]);
  });

  it('reports a binary file and an invalid UTF-8 file without crashing', async () => {
    const root = makeTree({ 'bin.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), 'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]) });
    const r = await load(root);
    expect(r.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ['bin.yaml', 'schema/unreadable-file'],
      ['latin1.yaml', 'schema/unreadable-file'],
    ]);
    expect(r.findings[0]!.message).toMatch(/binary/);
  });

  it('treats empty and comment-only files as zero resources, not errors', async () => {
    const root = makeTree({ 'empty.yaml': '', 'comment.yaml': '# nothing here\n', 'dashes.yaml': '---\n---\n' });
    const r = await load(root);
    expect(r.resources).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.files).toHaveLength(3);
  });

  it('names the missing kind or apiVersion of a document that looks like a resource', async () => {
    const root = makeTree({ 'k.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n', 'v.yaml': 'kind: Pod\nmetadata:\n  name: y\n' });
    const r = await load(root);
    expect(r.findings.map((f) => [f.file, f.ruleId, f.message])).toEqual([
      ['k.yaml', 'schema/missing-kind', expect.stringContaining("missing 'kind' key")],
      ['v.yaml', 'schema/missing-apiversion', expect.stringContaining("missing 'apiVersion' key")],
    ]);
  });

  it('refuses a file over the size limit, and reads a 50 MB file under it', async () => {
    // Realistic large documents (a CRD bundle, a generated ConfigMap), about 4 KB each.
    const data = Array.from({ length: 100 }, (_, i) => `  key-${i}: "some configuration value number ${i}"`).join('\n');
    const one = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-N\ndata:\n${data}\n---\n`;
    let n = 0;
    const big = one.repeat(Math.ceil((50 * 1024 * 1024) / one.length)).replace(/cm-N/g, () => `cm-${n++}`);
    const root = makeTree({ 'big.yaml': big });
    const limited = await load(root, ['.'], { maxFileBytes: 10 * 1024 * 1024 });
    expect(limited.findings).toEqual([expect.objectContaining({ ruleId: 'schema/unreadable-file', message: expect.stringContaining('over the 10.0 MiB limit') })]);
    const full = await load(root);
    expect(full.findings).toEqual([]);
    expect(full.resources.length).toBe(Math.ceil((50 * 1024 * 1024) / one.length));
  }, 120_000);
});

describe('files that are not resources', () => {
  it('skips kustomization files and the patches they name, with reasons', async () => {
    const root = makeTree({
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      'base/deploy.yaml': deployment('web'),
      'overlay/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: replicas.yaml\npatchesStrategicMerge:\n  - memory.yaml\n',
      'overlay/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
      'overlay/memory.yaml': 'kind: Deployment\nmetadata:\n  name: web\n',
    });
    const r = await load(root);
    expect(r.findings).toEqual([]);
    expect(r.resources.map((x) => x.source.file)).toEqual(['base/deploy.yaml']);
    expect(r.skipped.map((s) => [s.file, s.kind])).toEqual([
      ['base/kustomization.yaml', 'kustomization'],
      ['overlay/kustomization.yaml', 'kustomization'],
      ['overlay/memory.yaml', 'kustomize-patch'],
      ['overlay/replicas.yaml', 'kustomize-patch'],
    ]);
  });

  it('skips Helm chart directories and values files', async () => {
    const root = makeTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'chart/values.yaml': 'replicaCount: 1\n',
      'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      'env/values-prod.yaml': 'replicaCount: 3\nimage:\n  tag: "1.2"\n',
    });
    const r = await load(root);
    expect(r.findings).toEqual([]);
    expect(r.resources).toEqual([]);
    expect(r.skipped.map((s) => [s.file, s.kind])).toEqual([
      ['chart/Chart.yaml', 'helm-chart'],
      ['chart/templates/deploy.yaml', 'helm-chart'],
      ['chart/values.yaml', 'helm-chart'],
      ['env/values-prod.yaml', 'values-file'],
    ]);
  });
});


describe('hidden files', () => {
  it('skips hidden files and folders in directory walks, with a reason, but checks them when named', async () => {
    const root = makeTree({ '.github/workflows/ci.yaml': 'on: push\n', '.fluxschema.yml': 'apiVersion: schema.plugin.fluxcd.io/v1beta1\nkind: Config\n', 'apps/a.yaml': deployment('a') });
    const walked = await load(root);
    expect(walked.resources.map((x) => x.name)).toEqual(['a']);
    expect(walked.skipped.map((s) => [s.file, s.kind])).toEqual([
      ['.fluxschema.yml', 'hidden'],
      ['.github', 'hidden'],
    ]);
    const named = await load(root, ['.fluxschema.yml']);
    expect(named.resources.map((x) => x.kind)).toEqual(['Config']);
  });
});
