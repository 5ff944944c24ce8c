import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/index.js';
import { renderEditorSchema } from '../../src/config/emit-schema.js';
import { configErrorOf, tree } from './helpers.js';

const VALID = `# syncgate settings
paths: [deploy]
exclude: ["charts/**"]
kubernetesVersion: 1.30
strict: true
failOn: medium
preset: strict
pssVersion: "1.33"
rules:
  pss/privileged: critical
  k8s/latest-tag: off
  pss/host-ports: { severity: low, options: { allowed: [8080] } }
policies: [policies]
crds: [crds/]
schemaLocations: ["https://example.com/{{ .ResourceKind }}.json"]
skipKinds: [SealedSecret]
rejectKinds: [PodSecurityPolicy]
formats: [text, sarif=out/syncgate.sarif]
waivers:
  - rule: pss/host-namespaces
    kind: DaemonSet
    namespace: monitoring
    name: node-exporter
    reason: node-exporter reads host network statistics
    owner: team-observability
    expires: never
baseline: .syncgate-baseline.json
admission:
  ignoreResourceWaivers: true
`;

describe('loadConfig', () => {
  it('loads a valid file with every key', () => {
    const root = tree({ '.syncgate.yaml': VALID });
    const loaded = loadConfig(root)!;
    expect(loaded.file).toBe(path.join(root, '.syncgate.yaml'));
    expect(loaded.dir).toBe(root);
    expect(loaded.config.failOn).toBe('medium');
    expect(loaded.config.rules?.['k8s/latest-tag']).toBe('off');
    expect(loaded.config.rules?.['pss/host-ports']).toEqual({ severity: 'low', options: { allowed: [8080] } });
    expect(loaded.config.waivers?.[0]?.expires).toBe('never');
    expect(loaded.config.admission?.ignoreResourceWaivers).toBe(true);
  });

  it('keeps an unquoted version as written (1.30 is not 1.3)', () => {
    const root = tree({ '.syncgate.yaml': VALID });
    expect(loadConfig(root)!.config.kubernetesVersion).toBe('1.30');
  });

  it('accepts .syncgate.yml and an empty file', () => {
    const root = tree({ '.syncgate.yml': '' });
    expect(loadConfig(root)!.config).toEqual({});
  });

  it('points locate() at the key of a waiver', () => {
    const root = tree({ '.syncgate.yaml': VALID });
    const range = loadConfig(root)!.locate('/waivers/0/reason');
    expect(range.startLine).toBe(24);
    expect(range.startColumn).toBe(5);
  });

  it('reports an unknown key with file, line, column and the nearest valid key', () => {
    const root = tree({ '.syncgate.yaml': 'failOn: high\nwaviers:\n  - rule: x\n' });
    const err = configErrorOf(() => loadConfig(root));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(err.problems[0]!.file.endsWith('.syncgate.yaml')).toBe(true);
    expect(err.message).toMatch(/:2:1: unknown key "waviers"; expected one of: .*waivers.*did you mean "waivers"\?/);
  });

  it('reports unknown keys inside nested objects at their own line', () => {
    const err = configErrorOf(() => parseConfig('rules:\n  pss/privileged:\n    severty: high\nadmission:\n  ignoreResourceWaiver: true\n', 'c.yaml'));
    expect(err.message).toContain('c.yaml:3:5: unknown key "severty" in rules.pss/privileged; expected one of: severity, options (did you mean "severity"?)');
    expect(err.message).toContain('c.yaml:5:3: unknown key "ignoreResourceWaiver" in admission');
  });

  it('reports a wrong type and a wrong value with what was expected', () => {
    const err = configErrorOf(() => parseConfig('strict: "yes"\nfailOn: hihg\nexclude: charts\nrules:\n  k8s/x: loud\n', 'c.yaml'));
    expect(err.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '1:1 strict must be a boolean, got string "yes" (write true or false)',
      '2:1 failOn must be one of "critical", "high", "medium", "low", "info", got "hihg"',
      '3:1 exclude must be a list, got string "charts"',
      '5:3 rules.k8s/x has an invalid value "loud"; expected off, a severity (critical, high, medium, low, info) or { severity, options }',
    ]);
  });

  it('rejects a malformed version and format with the expected shape', () => {
    const err = configErrorOf(() => parseConfig('kubernetesVersion: "1.x"\nformats: [sarif=a.sarif, pdf]\n', 'c.yaml'));
    expect(err.message).toContain('c.yaml:1:1: kubernetesVersion has an invalid value "1.x"; expected a Kubernetes minor version such as "1.33"');
    expect(err.message).toMatch(/c\.yaml:2:26: formats\[1\] has an invalid value "pdf"; expected a format \(text, json, sarif/);
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    expect(configErrorOf(() => parseConfig('strict: true\nstrict: false\n', 'c.yaml')).message).toBe('c.yaml:2:1: Map keys must be unique');
    const syntax = configErrorOf(() => parseConfig('paths: [a\nfailOn: high\n', 'c.yaml'));
    expect(syntax.problems[0]!.line).toBeGreaterThanOrEqual(1);
    expect(syntax).toBeInstanceOf(ConfigError);
  });

  it('rejects a config that is not a mapping', () => {
    expect(configErrorOf(() => parseConfig('- a\n- b\n', 'c.yaml')).message).toBe('c.yaml:1:1: the file must be a mapping, got a list');
  });

  it('fails on an explicit --config that does not exist', () => {
    const root = tree({});
    expect(configErrorOf(() => loadConfig(root, path.join(root, 'missing.yaml'))).message).toMatch(/missing\.yaml:1:1: configuration file not found/);
  });

  it('uses an explicit path instead of discovery', () => {
    const root = tree({ '.syncgate.yaml': 'failOn: low\n', 'ci/strict.yaml': 'failOn: info\n' });
    expect(loadConfig(root, path.join(root, 'ci/strict.yaml'))!.config.failOn).toBe('info');
  });
});

describe('config discovery', () => {
  it('walks up from the checked path to the repository root', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.syncgate.yaml': 'failOn: low\n', 'apps/web/deploy.yaml': 'kind: x\n' });
    expect(loadConfig(path.join(root, 'apps/web'))!.file).toBe(path.join(root, '.syncgate.yaml'));
    expect(loadConfig(path.join(root, 'apps/web/deploy.yaml'))!.config.failOn).toBe('low');
  });

  it('takes the nearest file', () => {
    const root = tree({ '.git/HEAD': '', '.syncgate.yaml': 'failOn: low\n', 'apps/.syncgate.yaml': 'failOn: critical\n', 'apps/web/x.yaml': '' });
    expect(loadConfig(path.join(root, 'apps/web'))!.config.failOn).toBe('critical');
  });

  it('stops at the git root: a file above the repository does not apply', () => {
    const outer = tree({ '.syncgate.yaml': 'failOn: low\n', 'repo/.git/HEAD': '', 'repo/deploy/x.yaml': '' });
    expect(loadConfig(path.join(outer, 'repo/deploy'))).toBeUndefined();
  });
});

describe('docs/config.schema.json', () => {
  it('is generated from the schema in src/config (run npx tsx src/config/emit-schema.ts)', () => {
    const committed = readFileSync(new URL('../../docs/config.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderEditorSchema());
  });

  it('asks editors for a reason and an expiry on every waiver', () => {
    const schema = JSON.parse(renderEditorSchema());
    expect(schema.properties.waivers.items.required).toEqual(['rule', 'reason', 'expires']);
    expect(schema.additionalProperties).toBe(false);
  });
});
