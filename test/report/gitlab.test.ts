import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report/index.js';
import { finding, options, sampleReport } from './fixtures/reports.js';

/*
 * What these tests check, and where the rules come from (shared/reference/reports-ci.md, section 2):
 *
 * Code Quality (gitlabhq doc/ci/testing/code_quality.md): a single JSON array, no BOM; every issue has
 * description, check_name, fingerprint (unique within the report), severity in info|minor|major|critical|blocker,
 * location.path (repository-relative) and location.lines.begin (integer). -> fixtures/gitlab-codequality.schema.json
 * plus the uniqueness and BOM checks below.
 *
 * SAST 15.0.x (security-report-schemas sast-report-format.json 15.0.7): version x.y.z, scan with analyzer and
 * scanner {id,name,version,vendor.name}, start_time/end_time as yyyy-mm-ddThh:mm:ss (no zone, no fraction),
 * status success|failure, type sast; vulnerabilities with id, identifiers[1..20] {type,name,value}, location
 * {file,start_line,end_line}, name <= 255, severity Info|Unknown|Low|Medium|High|Critical (exact case).
 * -> fixtures/gitlab-sast-15.0.x.schema.json. No npm package ships the official schema, so it is encoded by hand.
 */
const ajv = new Ajv({ allErrors: true });
const load = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const validateCodeQuality = ajv.compile(load('gitlab-codequality.schema.json'));
const validateSast = ajv.compile(load('gitlab-sast-15.0.x.schema.json'));

describe('gitlab-codequality format', () => {
  const text = FORMATTERS['gitlab-codequality'](sampleReport(), options());
  const issues = JSON.parse(text);

  it('matches the Code Quality report format', () => {
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(validateCodeQuality(issues), JSON.stringify(validateCodeQuality.errors)).toBe(true);
    expect(validateCodeQuality(JSON.parse(FORMATTERS['gitlab-codequality'](sampleReport({ findings: [] }), options())))).toBe(true);
  });

  it('maps severities through SEVERITY_TABLE and leaves waived findings out', () => {
    const bySeverity = Object.fromEntries(issues.map((i: { check_name: string; severity: string }) => [i.check_name, i.severity]));
    expect(bySeverity).toEqual({
      'pss/privileged': 'blocker',
      'pss/run-as-root': 'critical',
      'k8s/latest-tag': 'major',
      'k8s/nodeport': 'minor',
      'schema/unknown-field': 'info',
    });
  });

  it('points at the file and line and keeps fingerprints unique', () => {
    const priv = issues.find((i: { check_name: string }) => i.check_name === 'pss/privileged');
    expect(priv.location).toEqual({ path: 'deploy/web.yaml', lines: { begin: 13, end: 13 } });
    expect(priv.fingerprint).toBe(sampleReport().findings[0]!.fingerprint);
    const dup = sampleReport({
      findings: [
        finding({ ruleId: 'k8s/x', severity: 'low', file: 'a.yaml', fingerprint: 'same', message: 'one' }),
        finding({ ruleId: 'k8s/x', severity: 'low', file: 'a.yaml', fingerprint: 'same', message: 'two' }),
      ],
    });
    const fps = JSON.parse(FORMATTERS['gitlab-codequality'](dup, options())).map((i: { fingerprint: string }) => i.fingerprint);
    expect(new Set(fps).size).toBe(2);
  });
});

describe('gitlab-sast format', () => {
  const doc = JSON.parse(FORMATTERS['gitlab-sast'](sampleReport(), options()));

  it('matches the security report schema 15.0.x rules', () => {
    expect(validateSast(doc), JSON.stringify(validateSast.errors)).toBe(true);
    expect(validateSast(JSON.parse(FORMATTERS['gitlab-sast'](sampleReport({ findings: [] }), options())))).toBe(true);
  });

  it('is checked by a schema that does reject what GitLab rejects', () => {
    const bad = structuredClone(doc);
    bad.scan.end_time = '2026-11-22T06:00:00.000Z';
    bad.vulnerabilities[0].severity = 'critical';
    expect(validateSast(bad)).toBe(false);
    expect(validateSast.errors!.map((e) => e.instancePath).sort()).toEqual(['/scan/end_time', '/vulnerabilities/0/severity']);
  });

  it('describes the scan with GitLab timestamps', () => {
    expect(doc.scan).toMatchObject({
      type: 'sast',
      status: 'success',
      end_time: '2026-11-22T06:00:00',
      start_time: '2026-11-22T05:59:58',
      analyzer: { id: 'syncgate', name: 'syncgate', version: '0.1.0', vendor: { name: 'syncgate' } },
    });
  });

  it('turns unwaived findings into vulnerabilities with the rule as primary identifier', () => {
    expect(doc.vulnerabilities).toHaveLength(5);
    const v = doc.vulnerabilities.find((x: { identifiers: Array<{ value: string }> }) => x.identifiers[0]!.value === 'pss/privileged');
    expect(v).toMatchObject({
      name: 'Privileged containers',
      severity: 'Critical',
      location: { file: 'deploy/web.yaml', start_line: 13, end_line: 13 },
      identifiers: [{ type: 'syncgate_rule_id', name: 'Privileged containers', value: 'pss/privileged', url: 'https://syncgate.dev/rules/pss/privileged' }],
    });
    expect(v.description).toContain('Container "app" is privileged');
    expect(v.solution).toContain('Set privileged: false');
  });

  it('derives stable, unique ids from fingerprints', () => {
    const again = JSON.parse(FORMATTERS['gitlab-sast'](sampleReport(), options({ now: new Date('2030-01-01T00:00:00Z') })));
    expect(again.vulnerabilities.map((v: { id: string }) => v.id)).toEqual(doc.vulnerabilities.map((v: { id: string }) => v.id));
    expect(new Set(doc.vulnerabilities.map((v: { id: string }) => v.id)).size).toBe(5);
  });
});
