import { spawnSync } from 'node:child_process';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report/index.js';
import { finding, options, sampleReport } from './fixtures/reports.js';

/*
 * No JUnit XSD is available offline (none in shared/corpus), so the structure GitLab
 * (doc/ci/testing/unit_test_reports.md) and Jenkins read is checked by hand:
 * <testsuites> root; <testsuite name tests failures errors skipped> whose counts match its <testcase>s;
 * <testcase classname name> with at most one <failure message type> or <skipped message>; unique test names
 * per suite (GitLab keeps only the first of duplicates). Well-formedness is checked by fast-xml-parser and,
 * where installed, by libxml2's xmllint.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

function oddReport() {
  return sampleReport({
    findings: [
      ...sampleReport().findings,
      finding({
        ruleId: 'k8s/odd',
        severity: 'medium',
        file: 'deploy/web.yaml',
        message: 'ctl \u0000\u0001\u001f chars, lone \ud800 surrogate, "quotes" \'apos\' <tag> & ]]> %s\ttab\r\nnew line ✓ 𝄞',
        range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 },
      }),
    ],
  });
}

describe('junit format', () => {
  const xml = FORMATTERS.junit(oddReport(), options());
  const doc = parser.parse(xml);
  const suites: any[] = doc.testsuites.testsuite;

  it('is well-formed XML even with control characters, surrogates and ]]> in messages', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('is accepted by xmllint', (ctx) => {
    const probe = spawnSync('xmllint', ['--version']);
    if (probe.error) {
      console.warn('skipping xmllint check: xmllint is not installed (apt-get install libxml2-utils)');
      ctx.skip();
      return;
    }
    const run = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('has one suite per file plus a summary suite, with counts that match the cases', () => {
    expect(suites.map((s) => s.name)).toEqual(['charts/app/templates/svc.yaml', 'charts/app/values.yaml', 'deploy/odd name & <chars>.yaml', 'deploy/web.yaml', 'syncgate']);
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const s of suites) {
      const cases: any[] = s.testcase;
      expect(Number(s.tests)).toBe(cases.length);
      expect(Number(s.failures)).toBe(cases.filter((c) => c.failure !== undefined).length);
      expect(Number(s.skipped)).toBe(cases.filter((c) => c.skipped !== undefined).length);
      expect(Number(s.errors)).toBe(0);
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
      for (const c of cases) {
        expect(c.classname).toBeTruthy();
        expect(c.failure !== undefined && c.skipped !== undefined).toBe(false);
      }
      tests += cases.length;
      failures += Number(s.failures);
      skipped += Number(s.skipped);
    }
    expect(Number(doc.testsuites.tests)).toBe(tests);
    expect(Number(doc.testsuites.failures)).toBe(failures);
    expect(Number(doc.testsuites.skipped)).toBe(skipped);
  });

  it('makes a failing case per resource and rule, with message and file:line', () => {
    const web = suites.find((s) => s.name === 'deploy/web.yaml').testcase;
    const priv = web.find((c: any) => c.name === 'pss/privileged [Deployment prod/web]');
    expect(priv.classname).toBe('deploy/web.yaml');
    expect(priv.failure.type).toBe('critical');
    expect(priv.failure.message).toBe('Container "app" is privileged <b>&amp;</b> 100% root (deploy/web.yaml:13)');
    expect(priv.failure['#text']).toContain('deploy/web.yaml:13:13 critical pss/privileged');
  });

  it('keeps odd characters readable after escaping', () => {
    const web = suites.find((s) => s.name === 'deploy/web.yaml').testcase;
    const odd = web.find((c: any) => c.name === 'k8s/odd [file]');
    expect(odd.failure.message).toContain('"quotes" \'apos\' <tag> & ]]> %s\ttab\r\nnew line ✓ 𝄞');
    expect(odd.failure.message).toContain('ctl \ufffd\ufffd\ufffd chars, lone \ufffd surrogate');
  });

  it('reports waived pairs and skipped items as skipped cases', () => {
    const odd = suites.find((s) => s.name === 'deploy/odd name & <chars>.yaml').testcase;
    const waived = odd.find((c: any) => c.name === 'gitops/no-namespace [ConfigMap ünïcødé]');
    expect(waived.skipped.message).toBe('waived: cluster-scoped by design, see <ADR-7>');
    const values = suites.find((s) => s.name === 'charts/app/values.yaml').testcase[0];
    expect(values.skipped.message).toBe('Helm values file, rendered through its chart');
  });

  it('numbers skipped items that would otherwise share a test name', () => {
    const report = sampleReport({
      findings: [],
      skipped: [
        { file: 'k/kustomization.yaml', kind: 'kustomization', reason: 'one' },
        { file: 'k/kustomization.yaml', kind: 'kustomization', reason: 'two' },
      ],
    });
    const cases = parser.parse(FORMATTERS.junit(report, options())).testsuites.testsuite[0].testcase;
    expect(cases.map((c: any) => c.name)).toEqual(['skipped: kustomization [file]', 'skipped: kustomization [file] (2)']);
  });

  it('still has a passing case when there are no findings', () => {
    const clean = parser.parse(FORMATTERS.junit(sampleReport({ findings: [], skipped: [] }), options()));
    expect(clean.testsuites.failures).toBe('0');
    expect(clean.testsuites.testsuite).toHaveLength(1);
    expect(clean.testsuites.testsuite[0].testcase[0].name).toBe('3 resources in 3 files checked by 6 rules');
  });
});
