import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../../src/report/index.js';
import { options, sampleReport } from './fixtures/reports.js';

const text = (o = {}) => FORMATTERS.text(sampleReport(), options(o));

describe('text format', () => {
  it('prints findings as file:line:col  severity  ruleId  message, grouped by file', () => {
    const out = text();
    expect(out).toContain('deploy/web.yaml:13:13  critical  pss/privileged  Container "app" is privileged');
    expect(out).toContain('charts/app/templates/svc.yaml:6:9  low  k8s/nodeport  Service type NodePort');
    // Files in order, each heading once.
    const headings = out.split('\n').filter((l) => /^[^ ].*\.yaml$/.test(l));
    expect(headings).toEqual(['charts/app/templates/svc.yaml', 'deploy/odd name & <chars>.yaml', 'deploy/web.yaml']);
  });

  it('shows a code frame with line numbers and carets under the column range', () => {
    const lines = text().split('\n');
    const i = lines.findIndex((l) => l.includes('> 13 |'));
    expect(lines[i]).toMatch(/^ {2}> 13 \|\s+privileged: true$/);
    expect(lines[i - 1]).toMatch(/12 \|\s+securityContext:/);
    expect(lines[i - 2]).toMatch(/11 \|\s+image: nginx:latest/);
    const caretLine = lines[i + 1]!;
    const caretStart = caretLine.indexOf('^');
    // The caret sits under column 13 of the source line: same offset as the 'p' of privileged.
    expect(caretStart - lines[i]!.indexOf('| ') - 2).toBe(12);
    expect(caretLine.match(/\^+/)![0]).toHaveLength(16);
  });

  it('indents continuation lines of multi-line messages and handles CRLF sources', () => {
    const out = text();
    expect(out).toContain('runAsUser is 0\n    second line ]]> with | pipe and `tick`');
    expect(out).toMatch(/> 6 \| {3}type: NodePort\n/);
    expect(out).not.toContain('\r');
  });

  it('neutralises terminal control characters from manifests', () => {
    const out = text();
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('\\x1b[31mred');
  });

  it('shows waived findings compactly with their reason', () => {
    const out = text();
    expect(out).toContain('deploy/odd name & <chars>.yaml:3:1  waived  gitops/no-namespace  ConfigMap has no namespace (waived: cluster-scoped by design, see <ADR-7>)');
  });

  it('ends with the summary line', () => {
    const last = text().trimEnd().split('\n').at(-1);
    expect(last).toBe('3 resources in 3 files: 5 findings (critical 1, high 1, medium 1, low 1, info 1), 1 waived, 2 skipped; FAILED (fail-on: high)');
    const passing = FORMATTERS.text(sampleReport({ findings: [], failOn: 'high' }), options()).trimEnd();
    expect(passing).toBe('3 resources in 3 files: 0 findings (critical 0, high 0, medium 0, low 0, info 0), 2 skipped; passed (fail-on: high)');
  });

  it('lists skipped items only when verbose', () => {
    expect(text()).not.toContain('Helm values file');
    const out = text({ verbose: true });
    expect(out).toContain('charts/app/values.yaml  values-file: Helm values file, rendered through its chart');
    expect(out).toContain('deploy/web.yaml#1  missing-schema Widget w: no schema for example.com/v1 Widget');
  });

  it('uses ANSI colours only when asked', () => {
    expect(text()).not.toMatch(/\u001b\[/);
    expect(text({ color: true })).toMatch(/\u001b\[31m/);
  });

  it('prints findings without a code frame when the source is unavailable', () => {
    const out = FORMATTERS.text(sampleReport(), options({ readSource: () => undefined }));
    expect(out).toContain('deploy/web.yaml:13:13  critical');
    expect(out).not.toMatch(/^ +>? +\d+ \|/m);
  });
});
