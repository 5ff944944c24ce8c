import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunOptions, run } from '../../src/engine/index.js';
import { PROJECT_ROOT } from './corpus.js';

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
${labels}spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`;

describe('Gatekeeper policies in syncgate check', () => {
  it('runs ConstraintTemplates and Constraints from a policy directory on the checked manifests', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'syncgate-gk-'));
    writeFileSync(path.join(repo, 'bad.yaml'), deployment(''));
    writeFileSync(path.join(repo, 'good.yaml'), deployment('  labels:\n    owner: payments.team\n').replace('name: web', 'name: web2'));
    const policy = path.join(PROJECT_ROOT, 'test/fixtures/gatekeeper/requiredlabels');
    const result = await run(defaultRunOptions({ root: repo, inputs: [repo], preset: 'none', policyDirs: [policy] }));
    const gk = result.report.findings.filter((f) => f.ruleId.startsWith('gatekeeper/'));
    expect(gk.map((f) => [f.file, f.ruleId, f.severity])).toEqual([['bad.yaml', 'gatekeeper/k8srequiredlabels/must-have-owner', 'high']]);
    expect(result.report.rules.map((r) => r.id)).toContain('gatekeeper/k8srequiredlabels/must-have-owner');
  });
});
