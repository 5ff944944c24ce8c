import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunOptions, run } from '../../src/engine/index.js';
import { atLeast, type Resource } from '../../src/model/index.js';
import { REPO } from './helpers.js';

const DEPLOY = path.join(REPO, 'deploy');

describe('deploy/ manifests', async () => {
  const result = await run(defaultRunOptions({ root: REPO, inputs: [DEPLOY], preset: 'strict', strict: true, failOn: 'low' }));
  const find = (kind: string, name: string): Resource => {
    const r = result.resources.find((x) => x.kind === kind && x.name === name);
    if (!r) throw new Error(`no ${kind} ${name} in deploy/`);
    return r;
  };
  const o = (r: Resource) => r.object as any;

  it("pass syncgate's own strict preset with no finding at or above low", () => {
    const findings = result.report.findings.filter((f) => atLeast(f.severity, 'low')).map((f) => `${f.file}:${f.range.startLine} ${f.ruleId} ${f.message}`);
    expect(findings).toEqual([]);
    expect(result.inputErrors).toEqual([]);
  });

  it('configure the webhook to fail closed, without side effects, quickly, and never on kube-system or itself', () => {
    const config = o(find('ValidatingWebhookConfiguration', 'syncgate'));
    const certificate = find('Certificate', 'syncgate-webhook');
    expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${certificate.namespace}/${certificate.name}`);
    for (const hook of config.webhooks) {
      expect(hook).toMatchObject({ failurePolicy: 'Fail', sideEffects: 'None', admissionReviewVersions: ['v1'] });
      expect(hook.timeoutSeconds).toBeGreaterThanOrEqual(1);
      expect(hook.timeoutSeconds).toBeLessThanOrEqual(5);
      const excluded = hook.namespaceSelector.matchExpressions.find((e: any) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn');
      expect(excluded.values).toEqual(expect.arrayContaining(['kube-system', 'syncgate-system']));
      const service = find('Service', hook.clientConfig.service.name);
      expect(service.namespace).toBe(hook.clientConfig.service.namespace);
      expect(hook.clientConfig.service.path).toBe('/validate');
      expect(o(certificate).spec.dnsNames).toContain(`${service.name}.${service.namespace}.svc`);
    }
  });

  it('run at least two replicas behind a PodDisruptionBudget, with a request budget under the webhook timeout', () => {
    const deployment = o(find('Deployment', 'syncgate-webhook'));
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pdb = o(find('PodDisruptionBudget', 'syncgate-webhook'));
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    const budget = Number(args.find((a) => a.startsWith('--timeout-ms='))!.split('=')[1]);
    const timeoutSeconds = o(find('ValidatingWebhookConfiguration', 'syncgate')).webhooks[0].timeoutSeconds;
    expect(budget).toBeLessThan(timeoutSeconds * 1000 / 2);
    const certificate = o(find('Certificate', 'syncgate-webhook'));
    expect(deployment.spec.template.spec.volumes.map((v: any) => v.secret?.secretName)).toContain(certificate.spec.secretName);
  });
});
