import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/model/index.js';
import { COMMENT_MARKER, FORMATTERS, githubStepSummary } from '../../src/report/index.js';
import { finding, options, sampleReport } from './fixtures/reports.js';

// GitHub and GitLab render comments as CommonMark + GFM tables with inline HTML allowed.
const md = new MarkdownIt({ html: true });
const repoUrl = 'https://github.com/o/r/blob/0123abc';


/** Each table as rows of cell texts (header first). */
function tables(tokens: Token[]): string[][][] {
  const out: string[][][] = [];
  let table: string[][] | undefined;
  let row: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'table_open') table = [];
    else if (t.type === 'table_close') out.push(table!), (table = undefined);
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') table!.push(row!);
    else if (t.type === 'inline' && row && table) row.push(t.content);
  }
  return out;
}

function links(tokens: Token[]): string[] {
  return tokens.flatMap((t) => (t.children ?? []).filter((c) => c.type === 'link_open').map((c) => String(c.attrGet('href'))));
}

/** Every <details> is closed and a table row never spans a truncation. */
function expectBalanced(text: string) {
  expect((text.match(/<details[ >]/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
  expect((text.match(/<summary>/g) ?? []).length).toBe((text.match(/<\/summary>/g) ?? []).length);
  for (const t of tables(md.parse(text, {}))) for (const r of t) expect(r).toHaveLength(t[0]!.length);
}

function bigReport(n: number) {
  const sev: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return sampleReport({
    findings: Array.from({ length: n }, (_, i) =>
      finding({
        ruleId: 'k8s/latest-tag',
        severity: sev[i % 5]!,
        file: `apps/app-${i % 9}/deploy.yaml`,
        message: `finding number ${i} with <html> & | pipes | and a long tail ${'y'.repeat(80)}`,
        range: { startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 4 },
      }),
    ),
  });
}

describe('markdown format', () => {
  const text = FORMATTERS.markdown(sampleReport(), options({ repoUrl }));
  const tokens = md.parse(text, {});

  it('starts with the hidden marker and a verdict line', () => {
    expect(text.startsWith(COMMENT_MARKER + '\n')).toBe(true);
    expect(text).toContain('### :x: syncgate failed: 2 findings at or above `high`');
    const passing = FORMATTERS.markdown(sampleReport({ failOn: 'critical', findings: sampleReport().findings.slice(1) }), options());
    expect(passing).toContain(':white_check_mark: syncgate passed: no finding at or above `critical`');
  });

  it('has a counts table by severity with waived findings counted apart', () => {
    const [counts] = tables(tokens);
    expect(counts).toEqual([['Severity', 'Findings'], ['critical', '1'], ['high', '1'], ['medium', '1'], ['low', '1'], ['info', '1'], ['waived', '1']]);
  });

  it('groups findings by file, most severe file first, inside details blocks, with line links', () => {
    const all = tables(tokens);
    const web = all[1]!;
    expect(web[0]).toEqual(['Severity', 'Rule', 'Line', 'Resource', 'Message']);
    expect(web.slice(1).map((r) => r[0])).toEqual(['critical', 'high', 'medium']);
    expect(text.indexOf('<code>deploy/web.yaml</code>')).toBeLessThan(text.indexOf('<code>charts/app/templates/svc.yaml</code>'));
    expect(links(tokens)).toContain(`${repoUrl}/deploy/web.yaml#L13`);
    expect(links(tokens)).toContain(`${repoUrl}/deploy/odd%20name%20%26%20%3Cchars%3E.yaml#L6`);
    expect(links(tokens)).toContain('https://syncgate.dev/rules/pss/privileged');
    expectBalanced(text);
  });

  it('escapes messages: no HTML from manifests, pipes and newlines kept inside their cell', () => {
    const html = md.render(text);
    expect(html).not.toContain('<b>');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(text).toContain('\ufffdbell \ufffd\\[31mred');
    expect(html).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    const web = tables(tokens)[1]!;
    const root = web.find((r) => r[1]!.includes('pss/run-as-root'))!;
    expect(root).toHaveLength(5);
    expect(md.renderInline(root[4]!)).toBe('runAsUser is 0<br>second line ]]&gt; with | pipe and `tick`');
  });

  it('does not notify anyone: @mentions from manifests and policies are broken up, addresses kept', () => {
    const report = sampleReport({ findings: [finding({ ruleId: 'k8s/owner-label', severity: 'high', message: 'ask @platform-team or @acme/sre, mail ops@example.com', file: 'apps/@scope/deploy.yaml' })] });
    const out = FORMATTERS.markdown(report, options({ repoUrl }));
    expect(out).not.toMatch(/(^|[^A-Za-z0-9_.+-])@[A-Za-z0-9_]/m);
    expect(out).toContain('ask @\u200bplatform-team or @\u200bacme/sre, mail ops@example.com');
    expect(out).toContain('apps/@\u200bscope/deploy.yaml');
  });

  it('lists waived findings with the waiver in their own block', () => {
    const waived = tables(tokens).at(-1)!;
    expect(waived[0]).toEqual(['Severity', 'Rule', 'Location', 'Message', 'Waiver']);
    expect(md.renderInline(waived[1]![4]!)).toBe('cluster-scoped by design, see &lt;ADR-7&gt;; owner: team-a');
  });

  it('uses plain line numbers without a repository URL', () => {
    const plain = FORMATTERS.markdown(sampleReport(), options());
    expect(links(md.parse(plain, {})).filter((h) => h.includes('#L'))).toEqual([]);
    expect(tables(md.parse(plain, {}))[1]!.map((r) => r[2])).toEqual(['Line', 'L13', 'L14', 'L11']);
  });

  it('truncates at a row boundary before maxCommentChars with a note, keeping tags and tables whole', () => {
    const report = bigReport(400);
    const full = FORMATTERS.markdown(report, options({ repoUrl, maxCommentChars: 10_000_000 }));
    expect(full.length).toBeGreaterThan(60_000);
    expect(full).not.toContain('truncated');
    const cut = FORMATTERS.markdown(report, options({ repoUrl }));
    expect(cut.length).toBeLessThanOrEqual(60_000);
    expect(cut.length).toBeGreaterThan(55_000);
    expect(cut).toContain('more findings not shown');
    expectBalanced(cut);
    for (const limit of [4_000, 20_000]) {
      const small = FORMATTERS.markdown(report, options({ repoUrl, maxCommentChars: limit }));
      expect(small.length).toBeLessThanOrEqual(limit);
      expect(small).toMatch(/Report truncated to fit \d+ characters: \d+ more findings not shown/);
      expectBalanced(small);
      const shown = tables(md.parse(small, {})).slice(1).reduce((n, t) => n + t.length - 1, 0);
      const hidden = Number(/(\d+) more findings not shown/.exec(small)![1]);
      expect(shown + hidden).toBe(400);
      // Most severe first: everything shown is critical.
      expect(tables(md.parse(small, {})).slice(1).flatMap((t) => t.slice(1).map((r) => r[0]))).toSatisfy((s: string[]) => s.every((x) => x === 'critical'));
    }
  });

  it('does not truncate when it fits', () => {
    expect(text).not.toContain('truncated');
  });
});

describe('githubStepSummary', () => {
  it('is the comment without the marker and with a larger budget', () => {
    const report = bigReport(400);
    const summary = githubStepSummary(report, options());
    expect(summary.startsWith('###')).toBe(true);
    expect(summary).not.toContain(COMMENT_MARKER);
    expect(summary).not.toContain('truncated');
    expectBalanced(summary);
  });
});
