import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { SEVERITY_TABLE, type Severity } from '../../src/model/index.js';
import { formatSarif, lineHashes } from '../../src/report/index.js';
import { finding, options, RULES, sampleReport, SOURCES } from './fixtures/reports.js';

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 JSON schema ships inside the Multitool package (draft 2020-12).
const multitoolDir = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..');
const schema = JSON.parse(readFileSync(join(multitoolDir, 'sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validateSchema = ajv.compile(schema);

/* eslint-disable @typescript-eslint/no-explicit-any */
const sarif = (report = sampleReport(), o = options({ sarifCategory: 'syncgate/k8s' })) => formatSarif(report, o);
const parse = (text: string): any => JSON.parse(text);

function manyFindings(n: number) {
  const severities: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
  return Array.from({ length: n }, (_, i) =>
    finding({
      ruleId: RULES[i % RULES.length]!.id,
      severity: severities[i % 5]!,
      file: `deploy/f${i % 7}.yaml`,
      message: `finding ${i} ${'x'.repeat(40)}`,
      pointer: `/spec/${i}`,
      range: { startLine: (i % 50) + 1, startColumn: 1, endLine: (i % 50) + 1, endColumn: 5 },
    }),
  );
}

const tmp = mkdtempSync(join(tmpdir(), 'syncgate-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('sarif format', () => {
  it('validates against the SARIF 2.1.0 JSON schema (sample, empty and truncated logs)', () => {
    const truncated = formatSarif(sampleReport({ findings: manyFindings(40) }), options(), { maxResults: 10, maxGzipBytes: 10_000_000 }).text;
    for (const text of [sarif().text, sarif(sampleReport({ findings: [] })).text, truncated]) {
      const ok = validateSchema(parse(text));
      expect(validateSchema.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('passes the SARIF Multitool validator with GitHub rules enabled', (ctx) => {
    const exe = join(multitoolDir, 'Sarif.Multitool');
    const probe = existsSync(exe) ? spawnSync(exe, ['--version'], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } }) : undefined;
    if (!probe || probe.status !== 0) {
      console.warn(`skipping Multitool validation: ${exe} ${probe ? `did not run (${probe.error?.message ?? probe.stderr})` : 'is not installed'}`);
      ctx.skip();
      return;
    }
    const files = [join(tmp, 'sample.sarif'), join(tmp, 'empty.sarif'), join(tmp, 'truncated.sarif')];
    writeFileSync(files[0]!, sarif().text);
    writeFileSync(files[1]!, sarif(sampleReport({ findings: [] })).text);
    writeFileSync(files[2]!, formatSarif(sampleReport({ findings: manyFindings(40) }), options(), { maxResults: 10, maxGzipBytes: 10_000_000 }).text);
    const out = join(tmp, 'validation.sarif');
    const config = new URL('./fixtures/multitool-github.xml', import.meta.url).pathname;
    const run = spawnSync(exe, ['validate', ...files, '--rule-kind', 'Sarif;Ghas', '--config', config, '--output', out, '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const log = parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
    const problems = (log.runs[0].results ?? []).map((r: any) => `${r.level ?? 'warning'} ${r.ruleId}: ${JSON.stringify(r.message.arguments ?? r.message.text)}`);
    // Errors fail the upload at GitHub; warnings are advice, but we keep the sample clean of them too.
    expect(problems).toEqual([]);
  }, 60_000);

  it('has one run with the driver, every rule that ran, and GitHub rule properties', () => {
    const log = parse(sarif().text);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.automationDetails).toEqual({ id: 'syncgate/k8s/' });
    expect(parse(sarif(sampleReport(), options({ sarifCategory: 'k8s/' })).text).runs[0].automationDetails).toEqual({ id: 'k8s/' });
    expect(parse(sarif(sampleReport(), options()).text).runs[0].automationDetails).toBeUndefined();
    expect(run.tool.driver).toMatchObject({ name: 'syncgate', semanticVersion: '0.1.0', informationUri: 'https://syncgate.dev' });
    const rules = run.tool.driver.rules;
    expect(rules.map((r: any) => r.id).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const r of rules) {
      const declared = RULES.find((x) => x.id === r.id)!;
      expect(r.shortDescription.text).toBe(declared.title);
      expect(r.fullDescription.text).toBe(declared.description);
      expect(r.help.text).toContain(declared.remediation);
      expect(r.help.markdown).toContain(declared.remediation);
      expect(r.helpUri).toBe(declared.helpUri);
      expect(r.properties['security-severity']).toBe(SEVERITY_TABLE[declared.severity].securitySeverity);
      expect(typeof r.properties['security-severity']).toBe('string');
      expect(['very-high', 'high', 'medium', 'low']).toContain(r.properties.precision);
      expect(['error', 'warning', 'recommendation']).toContain(r.properties['problem.severity']);
      expect(r.properties.tags.length).toBeLessThanOrEqual(10);
    }
    expect(rules.find((r: any) => r.id === 'pss/privileged').properties.tags).toEqual(['security', 'pss-baseline']);
  });

  it('emits unwaived findings with ruleIndex, level, one relative location and a full region', () => {
    const run = parse(sarif().text).runs[0];
    expect(run.results).toHaveLength(5);
    expect(run.results.some((r: any) => r.ruleId === 'gitops/no-namespace')).toBe(false);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.locations).toHaveLength(1);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).not.toMatch(/^(\/|[a-z]+:)/);
      expect(Object.keys(loc.region).sort()).toEqual(['endColumn', 'endLine', 'startColumn', 'startLine']);
      expect(r.message.text.length).toBeGreaterThan(0);
    }
    const priv = run.results.find((r: any) => r.ruleId === 'pss/privileged');
    expect(priv.level).toBe('error');
    expect(priv.locations[0].physicalLocation.region).toEqual({ startLine: 13, startColumn: 13, endLine: 13, endColumn: 29 });
    expect(priv.message.text).toBe('Container "app" is privileged <b>&amp;</b> 100% root (Deployment prod/web)');
    expect(run.results.find((r: any) => r.ruleId === 'k8s/latest-tag').level).toBe('warning');
    expect(run.results.find((r: any) => r.ruleId === 'k8s/nodeport').level).toBe('note');
    const odd = run.results.find((r: any) => r.ruleId === 'schema/unknown-field');
    expect(odd.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/odd%20name%20%26%20%3Cchars%3E.yaml');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///work/repo/');
  });

  it('declares a stand-in rule for a finding whose rule did not declare itself', () => {
    const report = sampleReport({ findings: [finding({ ruleId: 'rego/custom/deny', severity: 'medium', file: 'deploy/web.yaml', message: 'denied' })] });
    const run = parse(sarif(report).text).runs[0];
    const r = run.results[0];
    expect(run.tool.driver.rules[r.ruleIndex]).toMatchObject({ id: 'rego/custom/deny', shortDescription: { text: 'rego/custom/deny' } });
    expect(validateSchema(parse(sarif(report).text))).toBe(true);
  });

  it("uses GitHub's line hash of the source line as primaryLocationLineHash, or the semantic fingerprint without source", () => {
    const run = parse(sarif().text).runs[0];
    const priv = run.results.find((r: any) => r.ruleId === 'pss/privileged');
    expect(priv.partialFingerprints.primaryLocationLineHash).toBe(lineHashes(SOURCES['deploy/web.yaml']!)(13));
    const noSource = parse(sarif(sampleReport(), options({ readSource: () => undefined })).text).runs[0];
    const f = sampleReport().findings[0]!;
    expect(noSource.results.find((r: any) => r.ruleId === 'pss/privileged').partialFingerprints.primaryLocationLineHash).toBe(`${f.fingerprint.slice(0, 16)}:1`);
  });

  it('keeps the most severe results within the result limit, and says so', () => {
    const report = sampleReport({ findings: manyFindings(50) });
    const { text, warnings } = formatSarif(report, options(), { maxResults: 10, maxGzipBytes: 10_000_000 });
    const run = parse(text).runs[0];
    expect(run.results).toHaveLength(10);
    expect(run.results.every((r: any) => r.properties.severity === 'critical')).toBe(true);
    const note = run.invocations[0].toolExecutionNotifications[0];
    expect(note.message.text).toMatch(/kept the 10 most severe of 50 findings, left out 40/);
    expect(warnings).toEqual([note.message.text]);
    expect(formatSarif(sampleReport(), options()).warnings).toEqual([]);
  });

  it('stays under the gzip size limit by dropping the least severe results', () => {
    const report = sampleReport({ findings: manyFindings(400) });
    const limit = 6_000;
    const { text, warnings } = formatSarif(report, options(), { maxResults: 25_000, maxGzipBytes: limit });
    expect(gzipSync(text).length).toBeLessThanOrEqual(limit);
    const results = parse(text).runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(400);
    const rank = (s: Severity) => SEVERITY_TABLE[s].rank;
    const minKept = Math.min(...results.map((r: any) => rank(r.properties.severity)));
    // Nothing more severe than the least severe kept result was dropped.
    const keptCount = report.findings.filter((f) => rank(f.severity) > minKept).length;
    expect(results.filter((r: any) => rank(r.properties.severity) > minKept)).toHaveLength(keptCount);
    expect(warnings[0]).toMatch(/truncated/);
  });
});
