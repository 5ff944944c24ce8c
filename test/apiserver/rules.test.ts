import { describe, expect, it } from 'vitest';
import { isSeverity } from '../../src/model/index.js';
import {
  APISERVER_RULES,
  checkDeprecatedApi,
  checkMetadata,
  findDuplicateObjects,
  RULE_DEPRECATED_API,
  RULE_DUPLICATE_OBJECT,
  RULE_INVALID_ANNOTATION,
  RULE_INVALID_LABEL,
  RULE_INVALID_NAME,
  RULE_REMOVED_API,
} from '../../src/schema/apiserver/index.js';
import { fakeResource, manifest } from './helpers/fake-resource.js';

describe('APISERVER_RULES', () => {
  it('declares every rule id the checks emit, once, with complete metadata', () => {
    const ids = APISERVER_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      [RULE_DEPRECATED_API, RULE_DUPLICATE_OBJECT, RULE_INVALID_ANNOTATION, RULE_INVALID_LABEL, RULE_INVALID_NAME, RULE_REMOVED_API].sort(),
    );
    for (const rule of APISERVER_RULES) {
      expect(rule.id).toMatch(/^schema\/[a-z]+(-[a-z]+)*$/);
      expect(isSeverity(rule.severity)).toBe(true);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.remediation.length).toBeGreaterThan(10);
      expect(rule.helpUri).toMatch(/^https:\/\/kubernetes\.io\/docs\//);
      expect(rule.tags[0]).toBe('schema');
    }
  });

  it('gives findings the severity their rule declares', () => {
    const severity = new Map(APISERVER_RULES.map((r) => [r.id, r.severity]));
    const old = fakeResource(manifest('extensions/v1beta1', 'Ingress', { name: 'Bad_Name', labels: { '-x': 'y' }, annotations: { 'a b': '' } }));
    const copy = fakeResource(manifest('extensions/v1beta1', 'Ingress', { name: 'Bad_Name' }), { file: 'other.yaml' });
    const findings = [
      ...checkDeprecatedApi(old, '1.21'),
      ...checkDeprecatedApi(old, '1.22'),
      ...checkMetadata(old),
      ...findDuplicateObjects([old, copy]),
    ];
    expect(new Set(findings.map((f) => f.ruleId)).size).toBe(6);
    for (const finding of findings) expect(finding.severity).toBe(severity.get(finding.ruleId));
  });
});
