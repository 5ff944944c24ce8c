import type { Policy } from '../../ts/index.js';
import { describeRef, isArtifactGenerator, isBootstrapSource, isFluxKustomization, isHelmRelease, sourceDefined, sourceRefsOf } from './flux.js';
import { gitopsPolicy } from './rule.js';

export const fluxSourceRef: Policy = gitopsPolicy('flux-source-ref', {
  title: 'Flux sourceRefs name a source of the run',
  severity: 'medium',
  description: 'A Flux Kustomization sourceRef, HelmRelease chart.spec.sourceRef or chartRef, or ArtifactGenerator source must name a GitRepository, OCIRepository, Bucket, HelmRepository, HelmChart or ExternalArtifact (or an ArtifactGenerator artifact) defined in the run. The namespace defaults to the referrer\'s, as Flux does. The bootstrap GitRepository flux-system/flux-system is assumed to exist; more can be listed with the rule option `assumedSources: ["Kind/namespace/name"]`.',
  remediation: 'Fix the sourceRef kind, name or namespace, or add the source to the repository.',
  helpUri: 'https://fluxcd.io/flux/components/kustomize/kustomizations/#source-reference',
  tags: ['flux'],
}, ['Kustomization', 'HelmRelease', 'ArtifactGenerator'], function* (t, ctx) {
  if (!isFluxKustomization(t.resource) && !isHelmRelease(t.resource) && !isArtifactGenerator(t.resource)) return;
  const assumed = Array.isArray(ctx.options['assumedSources']) ? ctx.options['assumedSources'].map(String) : [];
  for (const ref of sourceRefsOf(t.resource)) {
    if (isBootstrapSource(ref) || assumed.includes(`${ref.kind}/${ref.namespace ?? ''}/${ref.name}`)) continue;
    if (sourceDefined(ctx.resources, ref)) continue;
    yield { message: `${describeRef(ref)} is not defined in the run`, path: [...ref.path, 'name'] };
  }
});
