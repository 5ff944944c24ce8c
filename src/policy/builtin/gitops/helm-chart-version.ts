import type { Resource } from '../../../model/index.js';
import type { Policy, Violation } from '../../ts/index.js';
import { isHelmRelease, isFluxSourceGroup, obj, sourceRefsOf } from './flux.js';
import { gitopsPolicy } from './rule.js';

/** An exact SemVer version (optional `v`), the only kind of version that pins a chart. */
const EXACT = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function isExactVersion(version: string): boolean {
  return EXACT.test(version.trim());
}

function* checkVersion(version: unknown, path: string[], what: string): Iterable<Violation> {
  if (version === undefined || version === null || version === '') {
    yield { message: `${what} sets no version, so the latest chart is installed on every reconciliation: pin an exact version`, path };
  } else if (typeof version !== 'string' || !isExactVersion(version)) {
    yield { message: `${what} version ${JSON.stringify(version)} is not an exact version: pin one (e.g. 1.2.3)`, path };
  }
}

/** OCIRepositories that a HelmRelease of the run uses as its chart (`chartRef`). */
function isChartSource(index: readonly Resource[], repo: Resource): boolean {
  return index.some((r) => isHelmRelease(r) && sourceRefsOf(r).some((ref) => ref.path[1] === 'chartRef' && ref.kind === 'OCIRepository' && ref.name === repo.name && ref.namespace === repo.namespace));
}

export const helmChartVersion: Policy = gitopsPolicy('helm-chart-version', {
  title: 'Helm chart versions are pinned',
  severity: 'medium',
  description: 'A HelmRelease chart version (or HelmChart spec.version) that is missing, "*" or a range (>=1.0, ^1.2, ~1.2, 1.x) upgrades the release whenever a new chart is published, without a change in Git. Charts from GitRepository and Bucket sources are not checked (Flux ignores the version there). For a chartRef to an OCIRepository, its spec.ref must be a tag, an exact semver or a digest.',
  remediation: 'Set an exact version (1.2.3), and let a bot (Renovate, Flux image automation) propose upgrades.',
  helpUri: 'https://fluxcd.io/flux/components/helm/helmreleases/#chart-template',
  tags: ['flux', 'supply-chain'],
}, ['HelmRelease', 'HelmChart', 'OCIRepository'], function* (t, ctx) {
  const spec = obj(t.object['spec']) ?? {};
  if (isHelmRelease(t.resource)) {
    const chartSpec = obj(obj(spec['chart'])?.['spec']);
    if (!chartSpec) return;
    const kind = obj(chartSpec['sourceRef'])?.['kind'];
    if (kind === 'GitRepository' || kind === 'Bucket') return;
    const chart = typeof chartSpec['chart'] === 'string' ? chartSpec['chart'] : t.resource.name;
    yield* checkVersion(chartSpec['version'], ['spec', 'chart', 'spec', 'version'], `chart ${JSON.stringify(chart)}`);
  } else if (t.resource.kind === 'HelmChart' && isFluxSourceGroup(t.resource)) {
    const kind = obj(spec['sourceRef'])?.['kind'];
    if (kind === 'GitRepository' || kind === 'Bucket') return;
    yield* checkVersion(spec['version'], ['spec', 'version'], `HelmChart ${JSON.stringify(typeof spec['chart'] === 'string' ? spec['chart'] : t.resource.name)}`);
  } else if (t.resource.kind === 'OCIRepository' && isFluxSourceGroup(t.resource) && isChartSource(ctx.resources.all, t.resource)) {
    const ref = obj(spec['ref']);
    if (ref && (typeof ref['digest'] === 'string' || (typeof ref['tag'] === 'string' && ref['tag'] !== 'latest' && ref['semver'] === undefined))) return;
    if (ref && typeof ref['semver'] === 'string') {
      yield* checkVersion(ref['semver'], ['spec', 'ref', 'semver'], 'OCIRepository chart');
    } else {
      yield { message: 'OCIRepository chart is not pinned: set spec.ref.tag to a version, spec.ref.semver to an exact version, or spec.ref.digest', path: ['spec', 'ref'] };
    }
  }
});
