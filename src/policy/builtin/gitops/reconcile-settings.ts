import type { Policy } from '../../ts/index.js';
import { isFluxKustomization, isHelmRelease, obj } from './flux.js';
import { gitopsPolicy } from './rule.js';

export const fluxIntervalMissing: Policy = gitopsPolicy('flux-interval-missing', {
  title: 'Flux Kustomizations and HelmReleases set an interval',
  severity: 'low',
  description: 'spec.interval says how often Flux reconciles (and corrects drift). Without it the object is rejected by current Flux APIs or never re-reconciled by older controllers.',
  remediation: 'Set spec.interval (e.g. 10m for apps, 1h for infrastructure).',
  helpUri: 'https://fluxcd.io/flux/components/kustomize/kustomizations/#interval',
  tags: ['flux'],
}, ['Kustomization', 'HelmRelease'], function* (t) {
  if (!isFluxKustomization(t.resource) && !isHelmRelease(t.resource)) return;
  const interval = obj(t.object['spec'])?.['interval'];
  if (typeof interval !== 'string' || interval.trim() === '') yield { message: `${t.resource.kind} sets no spec.interval`, path: ['spec', 'interval'] };
});

export const fluxPruneDisabled: Policy = gitopsPolicy('flux-prune-disabled', {
  title: 'Flux Kustomizations prune what was removed from Git',
  severity: 'info',
  description: 'With spec.prune: false, objects deleted from the repository stay in the cluster: Git no longer describes what runs. (A Kustomization without targetNamespace is fine.)',
  remediation: 'Set spec.prune: true; protect individual objects with the kustomize.toolkit.fluxcd.io/prune: disabled annotation instead.',
  helpUri: 'https://fluxcd.io/flux/components/kustomize/kustomizations/#prune',
  tags: ['flux'],
}, ['Kustomization'], function* (t) {
  if (isFluxKustomization(t.resource) && obj(t.object['spec'])?.['prune'] === false) {
    yield { message: 'Kustomization sets prune: false: objects removed from Git stay in the cluster', path: ['spec', 'prune'] };
  }
});
