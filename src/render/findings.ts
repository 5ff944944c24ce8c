import { FILE_START, fingerprintOf, type Finding, type Range, type Rule } from '../model/index.js';

/** A finding of one of the render rules, fingerprinted by what it is about (not its line). */
export function renderFinding(rule: Rule, file: string, range: Range | undefined, message: string, detail: string, pointer?: string): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    severity: rule.severity,
    message,
    file,
    range: range ?? { ...FILE_START },
    fingerprint: fingerprintOf({ ruleId: rule.id, file, detail }),
  };
  if (pointer !== undefined) finding.pointer = pointer;
  return finding;
}

/** The same problem seen from several roots (a shared base) is reported once. */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.fingerprint}\0${f.range.startLine}\0${f.range.startColumn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
