import type { Finding, Report, SkippedItem } from '../model/index.js';
import { groupBy, plural, safeRange, sortedFindings } from './common.js';
import type { FormatOptions } from './options.js';
import { isWaived } from './verdict.js';
import { xmlAttr, xmlText } from './xml.js';

/**
 * JUnit XML for GitLab (artifacts:reports:junit) and Jenkins.
 *
 * - One `<testsuite>` per file (its name is the file path).
 * - One `<testcase>` per (resource, rule) pair that has findings: name `ruleId [Kind ns/name]`,
 *   classname the file. Unwaived findings make it a `<failure>` (message: the first finding;
 *   body: every finding as `file:line:col severity message`); a pair with only waived findings is
 *   `<skipped>` with the waiver reason.
 * - Skipped items (files or documents deliberately not validated) are `<skipped>` test cases in their
 *   file's suite.
 * - Resources without findings: the Report carries only their count, not their identities, so they
 *   cannot be listed one by one. A final suite `syncgate` holds one passing case that states how many
 *   resources and rules were checked, so a clean run is a visible green test instead of an empty report.
 *
 * Every finding, whatever its severity, is a failure: a JUnit reader knows no severities, and the
 * severity and fail-on threshold are in the failure `type` and the suite properties.
 */
export function formatJunit(report: Report, _options: FormatOptions): string {
  const suites: string[] = [];
  const findingsByFile = groupBy(sortedFindings(report), (f) => f.file);
  const skippedByFile = groupBy(report.skipped, (s) => s.file);
  const files = [...new Set([...findingsByFile.keys(), ...skippedByFile.keys()])].sort();
  let tests = 0;
  let failures = 0;
  let skips = 0;
  for (const file of files) {
    const cases: string[] = [];
    const names = uniqueNames();
    let suiteFailures = 0;
    let suiteSkips = 0;
    const pairs = groupBy(findingsByFile.get(file) ?? [], (f) => `${f.ruleId}\0${subject(f)}`);
    for (const findings of pairs.values()) {
      const c = pairCase(file, findings, names);
      cases.push(c.xml);
      if (c.failed) suiteFailures++;
      else suiteSkips++;
    }
    for (const s of skippedByFile.get(file) ?? []) {
      cases.push(skippedCase(s, names));
      suiteSkips++;
    }
    tests += cases.length;
    failures += suiteFailures;
    skips += suiteSkips;
    suites.push(
      `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkips}" time="0">\n` +
        cases.join('') +
        `  </testsuite>\n`,
    );
  }
  const summaryName = `${plural(report.resourceCount, 'resource')} in ${plural(report.fileCount, 'file')} checked by ${plural(report.rules.length, 'rule')}`;
  suites.push(
    `  <testsuite name="syncgate" tests="1" failures="0" errors="0" skipped="0" time="${seconds(report.timings['total'])}">\n` +
      `    <properties>\n` +
      `      <property name="kubernetesVersion" value="${xmlAttr(report.kubernetesVersion)}"/>\n` +
      `      <property name="failOn" value="${xmlAttr(report.failOn)}"/>\n` +
      `      <property name="toolVersion" value="${xmlAttr(report.tool.version)}"/>\n` +
      `    </properties>\n` +
      `    <testcase classname="syncgate" name="${xmlAttr(summaryName)}" time="0"/>\n` +
      `  </testsuite>\n`,
  );
  tests += 1;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(report.tool.name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skips}" time="${seconds(report.timings['total'])}">\n` +
    suites.join('') +
    `</testsuites>\n`
  );
}

/** `Deployment prod/web`, or the file itself for findings about a whole file. */
function subject(f: Finding): string {
  if (!f.resource) return 'file';
  const r = f.resource;
  return `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name || '<unnamed>'}`;
}

/** GitLab keeps only the first of test cases with equal names: number repeats `name (2)`, `name (3)`. */
function uniqueNames(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  };
}

function pairCase(file: string, findings: Finding[], unique: (name: string) => string): { xml: string; failed: boolean } {
  const first = findings[0]!;
  const name = unique(`${first.ruleId} [${subject(first)}]`);
  const open = `    <testcase classname="${xmlAttr(file)}" name="${xmlAttr(name)}" file="${xmlAttr(file)}" time="0">\n`;
  const failing = findings.filter((f) => !isWaived(f));
  if (failing.length === 0) {
    const reasons = [...new Set(findings.map((f) => f.waiver?.reason ?? ''))].join('; ');
    return { xml: `${open}      <skipped message="${xmlAttr(`waived: ${reasons}`)}"/>\n    </testcase>\n`, failed: false };
  }
  const head = failing[0]!;
  const r = safeRange(head.range);
  const message = `${head.message} (${file}:${r.startLine})`;
  const body = failing
    .map((f) => {
      const fr = safeRange(f.range);
      return `${f.file}:${fr.startLine}:${fr.startColumn} ${f.severity} ${f.ruleId}: ${f.message}${f.help ? `\n  help: ${f.help}` : ''}`;
    })
    .join('\n');
  return {
    xml: `${open}      <failure message="${xmlAttr(message)}" type="${xmlAttr(head.severity)}">${xmlText(body)}</failure>\n    </testcase>\n`,
    failed: true,
  };
}

function skippedCase(s: SkippedItem, unique: (name: string) => string): string {
  const what = s.resource ? `${s.resource.kind} ${s.resource.namespace ? s.resource.namespace + '/' : ''}${s.resource.name}` : s.docIndex !== undefined ? `document ${s.docIndex}` : 'file';
  const name = unique(`skipped: ${s.kind} [${what}]`);
  return (
    `    <testcase classname="${xmlAttr(s.file)}" name="${xmlAttr(name)}" file="${xmlAttr(s.file)}" time="0">\n` +
    `      <skipped message="${xmlAttr(s.reason)}"/>\n` +
    `    </testcase>\n`
  );
}

function seconds(ms: number | undefined): string {
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}
