import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load/index.js';
import { fingerprintOf, toResourceRef, type Finding, type Resource } from '../../src/model/index.js';
import {
  applyBaseline,
  baselineSummary,
  BaselineError,
  createBaseline,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  writeBaseline,
} from '../../src/waivers/index.js';
import { finding, NOW, resource } from './helpers.js';

const TOOL = { name: 'syncgate', version: '0.1.0' };

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'syncgate-baseline-'));
}

describe('baseline file', () => {
  const web = resource({ name: 'web', file: 'b.yaml' });
  const api = resource({ name: 'api', file: 'a.yaml' });

  it('is sorted, stable and readable back', () => {
    const findings = [finding('pss/privileged', web, { pointer: '/spec/a' }), finding('k8s/latest-tag', api, { pointer: '/spec/b' }), finding('pss/host-ports', api, { pointer: '/spec/c' })];
    const baseline = createBaseline(findings, TOOL, NOW);
    expect(baseline.entries.map((e) => `${e.file} ${e.ruleId}`)).toEqual(['a.yaml k8s/latest-tag', 'a.yaml pss/host-ports', 'b.yaml pss/privileged']);
    expect(baseline.created).toBe('2026-06-15');
    const text = serializeBaseline(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['version', 'tool', 'created', 'entries']);
    expect(Object.keys(JSON.parse(text).entries[0])).toEqual(['fingerprint', 'ruleId', 'file', 'message']);
    expect(parseBaseline(text, 'x.json')).toEqual(baseline);
    expect(serializeBaseline(createBaseline([...findings].reverse(), TOOL, NOW))).toBe(text);
  });

  it('leaves out waived findings, findings about waivers and duplicate fingerprints', () => {
    const waived = { ...finding('pss/privileged', web), waiver: { reason: 'r', source: 'config:.syncgate.yaml:3:5' } };
    const dup = finding('k8s/latest-tag', api, { pointer: '/x' });
    const baseline = createBaseline([waived, finding('waiver/expired', '.syncgate.yaml'), dup, { ...dup }], TOOL, NOW);
    expect(baseline.entries.map((e) => e.ruleId)).toEqual(['k8s/latest-tag']);
  });

  it('round trip: check with the baseline reports only new findings and counts the rest', () => {
    const old = [finding('pss/privileged', web, { pointer: '/p' }), finding('k8s/latest-tag', api, { pointer: '/q' })];
    const dir = tmp();
    const file = path.join(dir, '.syncgate-baseline.json');
    writeBaseline(file, createBaseline(old, TOOL, NOW));
    const fresh = finding('pss/host-ports', web, { pointer: '/r' });
    const waived = { ...finding('pss/run-as-non-root', web), waiver: { reason: 'r', source: 's' } };
    const result = applyBaseline([...old, fresh, waived, finding('waiver/unused', '.syncgate.yaml')], readBaseline(file));
    expect(result.findings.map((f) => f.ruleId)).toEqual(['pss/host-ports', 'pss/run-as-non-root', 'waiver/unused']);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['pss/privileged', 'k8s/latest-tag']);
    expect(result.stale).toEqual([]);
    expect(baselineSummary({ suppressed: result.suppressed.length, stale: result.stale.length }, '.syncgate-baseline.json')).toBe('2 findings accepted by the baseline .syncgate-baseline.json');
  });

  it('reports entries that no longer match (fixed findings)', () => {
    const baseline = createBaseline([finding('pss/privileged', web, { pointer: '/p' }), finding('k8s/x', web, { pointer: '/y' })], TOOL, NOW);
    const result = applyBaseline([finding('pss/privileged', web, { pointer: '/p' })], baseline);
    expect(result.stale.map((e) => e.ruleId)).toEqual(['k8s/x']);
    expect(baselineSummary({ suppressed: result.suppressed.length, stale: result.stale.length }, 'b.json')).toBe('1 finding accepted by the baseline b.json (1 entry is fixed: run syncgate baseline to prune)');
  });

  it('rewriting the same findings later makes no diff (the created date is kept)', () => {
    const file = path.join(tmp(), 'b.json');
    const findings = [finding('pss/privileged', web, { pointer: '/p' })];
    expect(writeBaseline(file, createBaseline(findings, TOOL, NOW)).written).toBe(true);
    const before = readFileSync(file, 'utf8');
    expect(writeBaseline(file, createBaseline(findings, TOOL, new Date('2026-09-01T00:00:00Z'))).written).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('explains a missing, broken or foreign file', () => {
    const dir = tmp();
    expect(() => readBaseline(path.join(dir, 'none.json'))).toThrow(/baseline file not found: .*none\.json \(create it with `syncgate baseline`\)/);
    writeFileSync(path.join(dir, 'bad.json'), '{"version": 1, "entries": [');
    expect(() => readBaseline(path.join(dir, 'bad.json'))).toThrow(BaselineError);
    expect(() => parseBaseline('{"version": 9, "entries": []}', 'b.json')).toThrow('b.json: unsupported baseline version 9');
    expect(() => parseBaseline('{"version": 1, "entries": [{}]}', 'b.json')).toThrow('b.json: entries[0] has no fingerprint');
  });
});

describe('baseline matching survives line moves (real loader positions)', () => {
  const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

  /** What a privileged-container check would report: the real position from the loader, the model's fingerprint. */
  async function privilegedFinding(text: string): Promise<Finding> {
    const dir = tmp();
    writeFileSync(path.join(dir, 'pod.yaml'), text);
    const loaded = await loadInputs({ root: dir, inputs: [path.join(dir, 'pod.yaml')] });
    const pod = loaded.resources[0] as Resource;
    const pointer = '/spec/containers/0/securityContext/privileged';
    const ruleId = 'pss/privileged';
    return {
      ruleId,
      severity: 'high',
      message: 'Privileged containers are not allowed',
      file: pod.source.file,
      resource: toResourceRef(pod),
      pointer,
      range: pod.locate(pointer),
      fingerprint: fingerprintOf({ ruleId, file: pod.source.file, resource: toResourceRef(pod), pointer }),
    };
  }

  it('still matches after lines are inserted above the finding', async () => {
    const before = await privilegedFinding(MANIFEST);
    const baseline = createBaseline([before], TOOL, NOW);
    const moved = await privilegedFinding(`# owned by team shop\n# see runbook\n${MANIFEST.replace('  namespace: shop\n', '  namespace: shop\n  labels:\n    app: web\n')}`);
    expect(moved.range.startLine).toBe(before.range.startLine + 4);
    const result = applyBaseline([moved], baseline);
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(1);
  });

  it('stops matching when the finding changes (another object, another field)', async () => {
    const baseline = createBaseline([await privilegedFinding(MANIFEST)], TOOL, NOW);
    const renamed = await privilegedFinding(MANIFEST.replace('name: web', 'name: web-v2'));
    expect(applyBaseline([renamed], baseline).findings).toHaveLength(1);
    const same = await privilegedFinding(MANIFEST);
    const pointer = '/spec/containers/0/securityContext/allowPrivilegeEscalation';
    const otherField: Finding = { ...same, pointer, fingerprint: fingerprintOf({ ruleId: same.ruleId, file: same.file, resource: same.resource!, pointer }) };
    expect(applyBaseline([otherField], baseline).findings).toHaveLength(1);
  });
});
