import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGate, defaultRunOptions, run } from '../../src/engine/index.js';
import { resourceFromAdmission } from '../../src/server/index.js';
import { privilegedPod, tempDir } from './helpers.js';

describe('compileGate', () => {
  it('finds what run() finds for the same object, and can be reused', async () => {
    const tmp = tempDir();
    try {
      mkdirSync(path.join(tmp.dir, 'app'));
      const pod = { ...privilegedPod(), spec: { ...(privilegedPod()['spec'] as object), hostNetwork: true, bogusField: 1 } };
      writeFileSync(path.join(tmp.dir, 'app/pod.json'), JSON.stringify(pod, null, 2));
      const options = defaultRunOptions({ root: tmp.dir, inputs: [path.join(tmp.dir, 'app')], preset: 'strict', strict: true });
      const fromRun = (await run(options)).report.findings.map((f) => `${f.ruleId} ${f.pointer ?? ''} ${f.severity}`).sort();
      const gate = await compileGate(options);
      const resource = resourceFromAdmission(pod, { group: '', version: 'v1', kind: 'Pod' });
      for (let i = 0; i < 3; i++) {
        const fromGate = (await gate.check([resource])).findings.map((f) => `${f.ruleId} ${f.pointer ?? ''} ${f.severity}`).sort();
        expect(fromGate).toEqual(fromRun);
      }
      expect(fromRun.some((f) => f.startsWith('schema/unknown-field'))).toBe(true);
      expect(fromRun.some((f) => f.startsWith('pss/'))).toBe(true);
      // The admission file name stands in for a path.
      expect((await gate.check([resource])).findings[0]!.file).toBe('admission:Pod/shop/root-shell');
    } finally {
      tmp.cleanup();
    }
  });
});
