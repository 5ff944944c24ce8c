/**
 * Example user policy (TypeScript): every workload names the team that owns it.
 *
 *   syncgate check examples/gitops --policy examples/policies
 *
 * The label name is an option (`.syncgate.yaml`: `rules: { custom/require-team-label: { options: { label: owner } } }`).
 */
import { definePolicy, type ObjectMeta, type Rule } from 'syncgate';

const rule: Rule = {
  id: 'custom/require-team-label',
  title: 'Workloads name their owning team',
  severity: 'medium',
  description: 'Every workload carries a `team` label, so that alerts, costs and incidents reach the people who own it.',
  remediation: 'Add `metadata.labels.team: <team name>` to the workload.',
  helpUri: 'https://github.com/syncgate/syncgate/blob/main/examples/policies/require-team-label.ts',
  tags: ['best-practice', 'ownership'],
};

export default definePolicy({
  rule,
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'],
  *check({ object, resource }, ctx) {
    const label = typeof ctx.options['label'] === 'string' ? ctx.options['label'] : 'team';
    // Manifests are unvalidated user data: check types before trusting them.
    const metadata = object['metadata'] as ObjectMeta | undefined;
    const value = metadata?.labels?.[label];
    if (typeof value !== 'string' || value.trim() === '') {
      yield {
        message: `${resource.kind} ${resource.name} has no "${label}" label; add metadata.labels.${label} naming the owning team`,
        path: ['metadata', 'labels', label],
      };
    }
  },
});
