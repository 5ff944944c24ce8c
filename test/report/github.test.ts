import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/model/index.js';
import { escapeData, escapeProperty, FORMATTERS } from '../../src/report/index.js';
import { finding, options, sampleReport } from './fixtures/reports.js';

interface Annotation {
  command: string;
  props: Record<string, string>;
  message: string;
}

/** Parses a workflow command the way the runner does: split properties on ',' and '=', then unescape. */
function parseCommand(line: string): Annotation | undefined {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const pair of m[2]!.split(',')) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('github format', () => {
  const out = FORMATTERS.github(sampleReport(), options());
  const lines = out.trimEnd().split('\n');
  const annotations = lines.map(parseCommand);

  it('writes one annotation per unwaived finding, most severe first, with the command from SEVERITY_TABLE', () => {
    expect(annotations.every(Boolean)).toBe(true);
    expect(annotations.map((a) => `${a!.command} ${a!.props['title']}`)).toEqual([
      'error critical: pss/privileged',
      'error high: pss/run-as-root',
      'warning medium: k8s/latest-tag',
      'notice low: k8s/nodeport',
      'notice info: schema/unknown-field',
    ]);
  });

  it('gives file, line and column properties and round-trips escaped messages', () => {
    const priv = annotations[0]!;
    expect(priv.props).toEqual({ file: 'deploy/web.yaml', line: '13', endLine: '13', col: '13', endColumn: '29', title: 'critical: pss/privileged' });
    expect(priv.message).toBe('Container "app" is privileged <b>&amp;</b> 100% root (Deployment prod/web)\nSet privileged: false');
    const node = annotations[3]!;
    expect(node.message).toBe('Service type NodePort\r\nexposes every node (Service app)');
    expect(annotations[2]!.message).toBe('Image "nginx:latest" uses the latest tag, 50% of the time: broken (Deployment prod/web)');
    // Property values with ':' and ',' survive the runner's split.
    const odd = parseCommand(FORMATTERS.github(sampleReport({ findings: [finding({ ruleId: 'a/b', severity: 'high', file: 'x,y:z%.yaml' })] }), options()).split('\n')[0]!)!;
    expect(odd.props['file']).toBe('x,y:z%.yaml');
  });

  it('omits columns on multi-line ranges', () => {
    const multi = finding({ ruleId: 'a/b', severity: 'high', file: 'a.yaml', range: { startLine: 2, startColumn: 3, endLine: 5, endColumn: 1 } });
    const a = parseCommand(FORMATTERS.github(sampleReport({ findings: [multi] }), options()).split('\n')[0]!)!;
    expect(a.props).toEqual({ file: 'a.yaml', line: '2', endLine: '5', title: 'high: a/b' });
  });

  it('escapes per GitHub rules', () => {
    expect(escapeData('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab:c,d');
    expect(escapeProperty('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab%3Ac%2Cd');
  });

  it('caps annotations at 10 of each level, most severe kept, and says how many were left out', () => {
    const sev: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
    const findings = Array.from({ length: 50 }, (_, i) => finding({ ruleId: `r/${i}`, severity: sev[i % 5]!, file: 'a.yaml', range: { startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 2 } }));
    const text = FORMATTERS.github(sampleReport({ findings }), options()).trimEnd().split('\n');
    const parsed = text.map(parseCommand);
    const count = (c: string) => parsed.filter((a) => a?.command === c).length;
    expect([count('error'), count('warning'), count('notice')]).toEqual([10, 10, 10]);
    expect(parsed.filter((a) => a?.command === 'error').map((a) => a!.props['title']!.split(':')[0])).toEqual([...Array(10).fill('critical')]);
    expect(text.at(-1)).toBe('syncgate: 20 more findings not annotated (GitHub shows at most 10 annotations of each level per step); see the job summary for the full list.');
  });

  it('prints nothing without findings', () => {
    expect(FORMATTERS.github(sampleReport({ findings: [] }), options())).toBe('');
  });
});
