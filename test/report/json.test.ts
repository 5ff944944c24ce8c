import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report/index.js';
import { options, sampleReport } from './fixtures/reports.js';

describe('json format', () => {
  const doc = JSON.parse(FORMATTERS.json(sampleReport(), options()));

  it('has the documented top-level shape and summary', () => {
    expect(Object.keys(doc)).toEqual(['version', 'tool', 'root', 'kubernetesVersion', 'summary', 'findings', 'skipped', 'rules', 'timings']);
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({
      resources: 3,
      files: 3,
      findings: 5,
      waived: 1,
      bySeverity: { critical: 1, high: 1, medium: 1, low: 1, info: 1 },
      maxSeverity: 'critical',
      skipped: 2,
      failed: true,
      failOn: 'high',
    });
  });

  it('sorts findings by file, line, column and rule whatever the input order', () => {
    const report = sampleReport();
    report.findings.reverse();
    const again = JSON.parse(FORMATTERS.json(report, options()));
    expect(again.findings).toEqual(doc.findings);
    const keys = doc.findings.map((f: { file: string; range: { startLine: number } }) => `${f.file}:${f.range.startLine}`);
    expect(keys).toEqual([
      'charts/app/templates/svc.yaml:6',
      'deploy/odd name & <chars>.yaml:3',
      'deploy/odd name & <chars>.yaml:6',
      'deploy/web.yaml:11',
      'deploy/web.yaml:13',
      'deploy/web.yaml:14',
    ]);
  });

  it('keeps waived findings with their waiver, and messages verbatim', () => {
    const waived = doc.findings.find((f: { waiver?: unknown }) => f.waiver);
    expect(waived.waiver.reason).toBe('cluster-scoped by design, see <ADR-7>');
    expect(doc.findings.some((f: { message: string }) => f.message.includes('\u001b[31mred'))).toBe(true);
  });

  it('documents every top-level and summary field in docs/json-output.md', () => {
    const md = readFileSync(new URL('../../docs/json-output.md', import.meta.url), 'utf8');
    for (const key of [...Object.keys(doc), ...Object.keys(doc.summary)]) expect(md).toContain(`"${key}"`);
  });
});
