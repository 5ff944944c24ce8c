/**
 * Decides whether a mapping without `apiVersion` and `kind` is simply not a Kubernetes
 * manifest (a Helm values file, a JSON schema, a CI or tool config) rather than a broken
 * resource. Anything not recognised here is reported as a resource missing its keys, which
 * is what a user who put it among their manifests needs to hear.
 */
const TOOL_CONFIG_NAMES = new Set([
  '.gitlab-ci.yml',
  '.pre-commit-config.yaml',
  '.pre-commit-hooks.yaml',
  '.syncgate.yaml',
  '.syncgate.yml',
  '.yamllint',
  '.yamllint.yaml',
  'mkdocs.yml',
  'mkdocs.yaml',
  'renovate.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'codecov.yml',
  'skaffold.yaml',
  'tilt.yaml',
  'devfile.yaml',
  'action.yml',
  'action.yaml',
  'Chart.yaml',
  'Chart.lock',
  'requirements.yaml',
  'helmfile.yaml',
  'cloudbuild.yaml',
  'buildspec.yml',
  'sonar-project.properties',
]);

export function nonResourceReason(file: string, value: Record<string, unknown>): string | undefined {
  if (has(value, 'apiVersion') || has(value, 'kind') || has(value, 'metadata')) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  const segments = file.split('/');
  if (/^values([-._][^/]*)?\.ya?ml$/i.test(base) || /[-_.]values\.ya?ml$/i.test(base)) return 'a Helm values file (no apiVersion or kind)';
  if (has(value, '$schema') || (has(value, 'properties') && has(value, 'type'))) return 'a JSON schema document, not a resource';
  if (TOOL_CONFIG_NAMES.has(base) || /^docker-compose.*\.ya?ml$/i.test(base)) return `a ${base} tool configuration, not a resource`;
  if (segments.slice(0, -1).some((s) => s === '.github' || s === '.gitlab' || s === '.circleci' || s === '.buildkite')) {
    return 'a CI configuration file, not a resource';
  }
  return undefined;
}

function has(value: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
