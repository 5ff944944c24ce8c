import type { Policy } from '../../ts/index.js';
import { isBootstrapSource, isFluxKustomization, sourceRefAt } from './flux.js';
import { gitopsPolicy } from './rule.js';

export const fluxKustomizationPath: Policy = gitopsPolicy('flux-kustomization-path', {
  title: 'Flux Kustomization paths exist in the repository',
  severity: 'medium',
  description: 'spec.path of a Flux Kustomization whose source is this repository must be a directory of it, or reconciliation fails with "kustomization path not found". The repository is the bootstrap GitRepository flux-system/flux-system and the sources listed in the rule option `localSources: ["namespace/name"]`; other sources are not checked. Needs the repository on disk (not for stdin or admission requests); paths that leave the repository count as missing.',
  remediation: 'Fix spec.path (relative to the repository root, forward slashes) or create the directory.',
  helpUri: 'https://fluxcd.io/flux/components/kustomize/kustomizations/#path',
  tags: ['flux'],
}, ['Kustomization'], function* (t, ctx) {
  const repo = ctx.repository;
  if (!repo || !isFluxKustomization(t.resource)) return;
  const ref = sourceRefAt(t.resource, ['spec', 'sourceRef']);
  if (!ref) return;
  const local = Array.isArray(ctx.options['localSources']) ? ctx.options['localSources'].map(String) : [];
  if (!isBootstrapSource(ref) && !(ref.kind === 'GitRepository' && local.includes(`${ref.namespace ?? ''}/${ref.name}`))) return;
  const path = (t.object['spec'] as Record<string, unknown>)['path'];
  if (typeof path !== 'string' || path.trim() === '') return;
  if (path.includes('\\')) {
    yield { message: `spec.path ${JSON.stringify(path)} uses backslashes: Flux paths use forward slashes`, path: ['spec', 'path'] };
  } else if (!repo.exists(path)) {
    yield { message: `spec.path ${JSON.stringify(path)} does not exist in the repository`, path: ['spec', 'path'] };
  }
});
