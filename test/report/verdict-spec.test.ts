import { describe, expect, it } from 'vitest';
import { FORMATTERS, FORMAT_NAMES, parseFormatSpec, render, verdictOf } from '../../src/report/index.js';
import { finding, options, sampleReport } from './fixtures/reports.js';

describe('verdictOf', () => {
  it('counts unwaived findings by severity and fails at or above failOn', () => {
    const v = verdictOf(sampleReport());
    expect(v.counts).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 1 });
    expect(v.waived).toBe(1);
    expect(v.total).toBe(5);
    expect(v.maxSeverity).toBe('critical');
    expect(v.failed).toBe(true);
  });

  it('passes when only waived findings reach the threshold', () => {
    const report = sampleReport();
    report.findings = report.findings.filter((f) => f.severity === 'low' || f.waiver);
    const v = verdictOf(report);
    expect(v.failed).toBe(false);
    expect(v.maxSeverity).toBe('low');
    expect(verdictOf({ ...report, failOn: 'low' }).failed).toBe(true);
  });

  it('passes with no findings', () => {
    const v = verdictOf(sampleReport({ findings: [] }));
    expect(v).toMatchObject({ failed: false, total: 0, maxSeverity: undefined });
  });

  it('treats a waived critical as not failing', () => {
    const report = sampleReport({
      findings: [finding({ ruleId: 'pss/privileged', severity: 'critical', file: 'a.yaml', waiver: { reason: 'ok', source: 'x' } })],
    });
    expect(verdictOf(report).failed).toBe(false);
  });
});

describe('parseFormatSpec', () => {
  it('parses a bare format and format=file', () => {
    expect(parseFormatSpec('text')).toEqual({ format: 'text' });
    expect(parseFormatSpec('sarif=out/results.sarif')).toEqual({ format: 'sarif', file: 'out/results.sarif' });
    expect(parseFormatSpec('junit=a=b.xml')).toEqual({ format: 'junit', file: 'a=b.xml' });
  });

  it('rejects unknown formats listing the valid ones', () => {
    expect(() => parseFormatSpec('xml=out.xml')).toThrow(/unknown output format "xml".*text, json, sarif, gitlab-codequality, gitlab-sast, junit, markdown, github/);
  });

  it('rejects an empty file name', () => {
    expect(() => parseFormatSpec('json=')).toThrow(/no file name/);
  });
});

describe('FORMATTERS', () => {
  it('has a formatter for every format name, agreeing with render()', () => {
    const report = sampleReport();
    expect(Object.keys(FORMATTERS).sort()).toEqual([...FORMAT_NAMES].sort());
    for (const name of FORMAT_NAMES) {
      expect(FORMATTERS[name](report, options())).toBe(render(name, report, options()).text);
    }
  });
});
