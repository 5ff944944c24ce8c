import { describe, expect, it } from 'vitest';
import { applyChangedSince, filterToChanged, type ChangedLines } from '../../src/diff/index.js';
import { defaultRunOptions, run } from '../../src/engine/index.js';
import type { Finding } from '../../src/model/index.js';
import { TempRepo } from './git-repo.js';

function finding(file: string, startLine: number, endLine = startLine, properties?: Record<string, unknown>): Finding {
  return {
    ruleId: 'test/rule',
    severity: 'high',
    message: `${file}:${startLine}`,
    file,
    range: { startLine, startColumn: 1, endLine, endColumn: 2 },
    fingerprint: `${file}:${startLine}`,
    ...(properties ? { properties } : {}),
  };
}

describe('filterToChanged', () => {
  const changed: ChangedLines = new Map<string, Set<number> | 'all'>([
    ['edited.yaml', new Set([10, 11])],
    ['new.yaml', 'all'],
  ]);

  it('keeps findings whose range touches a changed line, and counts the others as hidden', () => {
    const result = filterToChanged([finding('edited.yaml', 10), finding('edited.yaml', 3), finding('edited.yaml', 5, 10), finding('edited.yaml', 12, 40)], changed);
    expect(result.findings.map((f) => f.message)).toEqual(['edited.yaml:10', 'edited.yaml:5']);
    expect(result.hidden).toBe(2);
  });

  it('keeps every finding of a file that is new as a whole, and none of an unchanged file', () => {
    const result = filterToChanged([finding('new.yaml', 99), finding('old.yaml', 1)], changed);
    expect(result.findings.map((f) => f.file)).toEqual(['new.yaml']);
  });

  it('keeps a finding in an unchanged file when the file it conflicts with changed', () => {
    const duplicate = finding('old.yaml', 4, 4, { otherLocations: [{ file: 'new.yaml', line: 1, column: 1 }] });
    const related = finding('old.yaml', 8, 8, { relatedFiles: ['edited.yaml'] });
    const unrelated = finding('old.yaml', 9, 9, { otherLocations: [{ file: 'other.yaml', line: 1 }], relatedFiles: 'edited.yaml' });
    expect(filterToChanged([duplicate, related, unrelated], changed).findings).toEqual([duplicate, related]);
  });

  it('keeps findings on standard input, which git knows nothing about', () => {
    expect(filterToChanged([finding('<stdin>', 1)], changed).hidden).toBe(0);
  });
});

describe('applyChangedSince on a real run', () => {
  const deployment = (name: string, field: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      `          ${field}: IfNotPresent`,
      '',
    ].join('\n');

  it('reports the misspelt field a branch adds, not the one already on the base branch, and the duplicate the new file causes in an unchanged one', async () => {
    const repo = new TempRepo();
    repo.write('old.yaml', deployment('old', 'imagePulPolicy')).write('web.yaml', deployment('web', 'imagePullPolicy'));
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('web.yaml', deployment('web', 'imagePulPolicy'));
    repo.write('copy.yaml', deployment('old', 'imagePullPolicy'));
    repo.commit('typo and a duplicate');

    const { report } = await run(defaultRunOptions({ root: repo.dir, inputs: [repo.dir] }));
    const all = report.findings.map((f) => `${f.file} ${f.ruleId}`).sort();
    expect(all).toContain('old.yaml schema/unknown-field');

    const narrowed = await applyChangedSince(report, 'main');
    const shown = narrowed.report.findings.map((f) => `${f.file} ${f.ruleId}`).sort();
    expect(shown).toContain('web.yaml schema/unknown-field');
    expect(shown).not.toContain('old.yaml schema/unknown-field');
    // The second definition of Deployment "old" is reported in the unchanged old.yaml (copy.yaml sorts first),
    // but the new copy.yaml caused it.
    expect(all).toContain('old.yaml schema/duplicate-object');
    expect(shown).toContain('old.yaml schema/duplicate-object');
    expect(narrowed.hidden).toBe(report.findings.length - narrowed.report.findings.length);
    expect(narrowed.hidden).toBeGreaterThan(0);
  });
});
