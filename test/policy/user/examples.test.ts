import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/load/index.js';
import type { Finding } from '../../../src/model/index.js';
import { loadUserPolicies, type UserPolicySet } from '../../../src/policy/user/index.js';
import { PROJECT_ROOT } from '../../e2e/corpus.js';
import { summary } from './helpers.js';

/** examples/policies (one .ts, one .js) against examples/gitops, as docs/policies.md shows. */
describe('examples/policies on examples/gitops', () => {
  let set: UserPolicySet;
  let findings: Finding[];

  beforeAll(async () => {
    const loaded = await loadInputs({ root: PROJECT_ROOT, inputs: ['examples/gitops'], exclude: [], gitignore: true, strict: false });
    set = await loadUserPolicies(['examples/policies'], { root: PROJECT_ROOT });
    findings = await set.run(loaded.resources, { kubernetesVersion: '1.33' });
  });

  afterAll(async () => {
    await set?.close();
  });

  it('loads both examples', () => {
    expect(set.loadFindings).toEqual([]);
    expect(set.policies).toEqual([
      { ruleId: 'custom/require-image-digest', file: 'examples/policies/require-image-digest.js' },
      { ruleId: 'custom/require-team-label', file: 'examples/policies/require-team-label.ts' },
    ]);
  });

  it('flags the web Deployment: no team label, an image pinned by tag', () => {
    expect(summary(findings)).toEqual([
      'examples/gitops/apps/base/web/deployment.yaml:26:11 custom/require-image-digest container "web" uses image ghcr.io/example/web:1.4.2 by tag; pin it by digest (ghcr.io/example/web:1.4.2@sha256:...)',
      'examples/gitops/apps/base/web/deployment.yaml:6:3 custom/require-team-label Deployment web has no "team" label; add metadata.labels.team naming the owning team',
    ]);
  });
});
