import { joinPointer, type Finding, type Resource } from '../../model/index.js';
import { apiGroupOf } from './api-group.js';
import { resourceFinding } from './finding.js';
import { isRecord, valueAt } from './json-access.js';
import { byteLength, dns1123Label, labelValue, qualifiedName } from './name-formats.js';
import { describeNameFormat, nameFormatOf, nameProblems, suggestName } from './name-rules.js';
import { RULE_INVALID_ANNOTATION, RULE_INVALID_LABEL, RULE_INVALID_NAME } from './rules.js';
import { canonicalGroup } from './scope.js';
import { checkSelectors } from './selectors.js';

/** The API server's limit on all annotation keys and values of one object together (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Pod and claim templates inside built-in workloads, whose labels and annotations the API server validates too. */
const TEMPLATE_METADATA: ReadonlyMap<string, ReadonlyArray<readonly string[]>> = new Map([
  ['/ReplicationController', [['spec', 'template', 'metadata']]],
  ['/PodTemplate', [['template', 'metadata']]],
  ['apps/Deployment', [['spec', 'template', 'metadata']]],
  ['apps/ReplicaSet', [['spec', 'template', 'metadata']]],
  ['apps/DaemonSet', [['spec', 'template', 'metadata']]],
  ['apps/StatefulSet', [['spec', 'template', 'metadata']]],
  ['batch/Job', [['spec', 'template', 'metadata']]],
  ['batch/CronJob', [['spec', 'jobTemplate', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']]],
]);

/**
 * The metadata checks the API server applies on create: the name (per kind), generateName,
 * namespace, label keys and values, annotation keys and the total annotation size, including
 * the pod templates and label selectors of built-in workloads.
 */
export function checkMetadata(resource: Resource): Finding[] {
  const object = resource.object;
  if (!isRecord(object)) return [];
  const kind = typeof resource.kind === 'string' ? resource.kind : '';
  // extensions/v1beta1 Deployments and the like follow the rules of the group the kind moved to.
  const group = typeof resource.apiVersion === 'string' ? canonicalGroup(apiGroupOf(resource.apiVersion), kind) : '';
  const findings: Finding[] = [];
  const metadata = object['metadata'];
  if (isRecord(metadata)) {
    findings.push(...checkNames(resource, group, kind, metadata));
    findings.push(...checkLabelsAndAnnotations(resource, metadata, ['metadata']));
  } else if ((metadata === undefined || metadata === null) && isStoredBuiltInKind(group, kind)) {
    // Without any metadata, only built-in kinds are surely API objects: tool configs such as
    // skaffold.yaml or a kubeconfig also carry apiVersion and kind, and need no name.
    findings.push(nameFinding(resource, '/metadata/name', `${kind || 'object'} has no metadata.name: a name (or generateName) is required`));
  }

  for (const path of TEMPLATE_METADATA.get(`${group}/${kind}`) ?? []) {
    const templateMetadata = valueAt(object, path);
    if (isRecord(templateMetadata)) findings.push(...checkLabelsAndAnnotations(resource, templateMetadata, path));
  }
  if (group === 'apps' && kind === 'StatefulSet') {
    const claims = valueAt(object, ['spec', 'volumeClaimTemplates']);
    if (Array.isArray(claims)) {
      claims.forEach((claim, index) => {
        const claimMetadata = isRecord(claim) ? claim['metadata'] : undefined;
        if (isRecord(claimMetadata)) {
          findings.push(...checkLabelsAndAnnotations(resource, claimMetadata, ['spec', 'volumeClaimTemplates', String(index), 'metadata']));
        }
      });
    }
  }
  findings.push(...checkSelectors(resource, group, kind));
  return findings;
}

function checkNames(resource: Resource, group: string, kind: string, metadata: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const format = nameFormatOf(group, kind);
  const name = metadata['name'];
  const generateName = metadata['generateName'];
  const hasName = typeof name === 'string' && name !== '';
  const hasGenerateName = typeof generateName === 'string' && generateName !== '';

  if (hasName) {
    const formatProblems = nameProblems(format, name, false);
    const problems = [...formatProblems, ...kindSpecificNameProblems(resource, group, kind, name)];
    if (problems.length > 0) {
      const finding = nameFinding(resource, '/metadata/name', `${kind} name ${JSON.stringify(name)} is not valid: ${problems.join('; ')}`, format);
      const suggestion = formatProblems.length > 0 ? suggestName(format, name) : undefined;
      if (suggestion) finding.help = `A valid name would be ${JSON.stringify(suggestion)} (remember to update references to it).`;
      findings.push(finding);
    }
  }
  if (hasGenerateName) {
    const problems = nameProblems(format, generateName, true);
    if (problems.length > 0) {
      findings.push(
        nameFinding(resource, '/metadata/generateName', `${kind} generateName ${JSON.stringify(generateName)} is not a valid name prefix: ${problems.join('; ')}`, format),
      );
    }
  }
  // A non-string name is a type error the schema check reports; only a truly missing name is ours.
  if (!hasName && !hasGenerateName && (name === undefined || name === null || name === '') && !REVIEW_GROUPS.has(group)) {
    findings.push(nameFinding(resource, '/metadata/name', `${kind || 'object'} has no metadata.name: a name (or generateName) is required`));
  }

  const namespace = metadata['namespace'];
  if (typeof namespace === 'string' && namespace !== '') {
    const problems = dns1123Label(namespace);
    if (problems.length > 0) {
      findings.push(nameFinding(resource, '/metadata/namespace', `namespace ${JSON.stringify(namespace)} is not valid: ${problems.join('; ')}`));
    }
  }
  return findings;
}

/** Groups of create-only review requests (TokenReview, SubjectAccessReview), which are never stored and need no name. */
const REVIEW_GROUPS: ReadonlySet<string> = new Set(['authentication.k8s.io', 'authorization.k8s.io']);

/** API groups served by the Kubernetes API server itself (component configuration groups are not among them). */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'admissionregistration.k8s.io',
  'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'storagemigration.k8s.io',
]);

function isStoredBuiltInKind(group: string, kind: string): boolean {
  // `apiVersion: v1, kind: Config` is a kubeconfig file, not an API object.
  return BUILT_IN_GROUPS.has(group) && !(group === '' && (kind === 'Config' || kind === 'List'));
}

const KNOWN_SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-node-critical', 2000001000],
  ['system-cluster-critical', 2000000000],
]);

/** Rules beyond the name format that the API server (or the object's own derived names) imposes on some kinds. */
function kindSpecificNameProblems(resource: Resource, group: string, kind: string, name: string): string[] {
  const object = resource.object;
  const length = byteLength(name);
  if (group === 'batch' && kind === 'CronJob' && length > 52) {
    return [`must be no more than 52 characters (is ${length}): its Jobs are named after it plus an 11-character suffix`];
  }
  if (group === 'batch' && kind === 'Job' && length > 63 && valueAt(object, ['spec', 'manualSelector']) !== true) {
    return [`must be no more than 63 characters (is ${length}): the name becomes the job-name label value of its pods`];
  }
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') {
    const plural = valueAt(object, ['spec', 'names', 'plural']);
    const crdGroup = valueAt(object, ['spec', 'group']);
    if (typeof plural === 'string' && typeof crdGroup === 'string' && name !== `${plural}.${crdGroup}`) {
      return [`must be spec.names.plural + "." + spec.group, i.e. ${JSON.stringify(`${plural}.${crdGroup}`)}`];
    }
  }
  if (group === 'apiregistration.k8s.io' && kind === 'APIService') {
    const version = valueAt(object, ['spec', 'version']);
    const serviceGroup = valueAt(object, ['spec', 'group']);
    if (typeof version === 'string') {
      const expected = `${version}.${typeof serviceGroup === 'string' ? serviceGroup : ''}`;
      if (name !== expected) return [`must be spec.version + "." + spec.group, i.e. ${JSON.stringify(expected)}`];
    }
  }
  if (group === 'scheduling.k8s.io' && kind === 'PriorityClass' && name.startsWith('system-')) {
    const knownValue = KNOWN_SYSTEM_PRIORITY_CLASSES.get(name);
    if (knownValue === undefined) return ["names starting with 'system-' are reserved for the built-in priority classes"];
    const value = valueAt(object, ['value']);
    if (value !== knownValue) return [`the built-in priority class ${name} must have value ${knownValue}`];
  }
  return [];
}

function nameFinding(resource: Resource, pointer: string, message: string, format?: ReturnType<typeof nameFormatOf>): Finding {
  return resourceFinding(resource, {
    ruleId: RULE_INVALID_NAME,
    severity: 'high',
    message,
    pointer,
    ...(format ? { properties: { nameFormat: format, nameFormatDescription: describeNameFormat(format) } } : {}),
  });
}

function checkLabelsAndAnnotations(resource: Resource, metadata: Record<string, unknown>, path: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const where = path.join('.');
  const labels = metadata['labels'];
  if (isRecord(labels)) {
    for (const key of Object.keys(labels)) {
      const value = labels[key];
      const keyProblems = qualifiedName(key);
      // null decodes to the empty string; other non-strings are type errors for the schema check.
      const valueProblems = typeof value === 'string' ? labelValue(value) : [];
      if (keyProblems.length === 0 && valueProblems.length === 0) continue;
      const parts: string[] = [];
      if (keyProblems.length > 0) parts.push(`key ${JSON.stringify(key)} ${keyProblems.join('; ')}`);
      if (valueProblems.length > 0) parts.push(`value ${JSON.stringify(value)} ${valueProblems.join('; ')}`);
      findings.push(
        resourceFinding(resource, {
          ruleId: RULE_INVALID_LABEL,
          severity: 'high',
          message: `label ${JSON.stringify(key)} in ${where}.labels is not valid: ${parts.join('; ')}`,
          pointer: joinPointer(...path, 'labels', key),
          properties: { invalidKey: keyProblems.length > 0, invalidValue: valueProblems.length > 0 },
        }),
      );
    }
  }

  const annotations = metadata['annotations'];
  if (isRecord(annotations)) {
    let totalBytes = 0;
    for (const key of Object.keys(annotations)) {
      const value = annotations[key];
      totalBytes += byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0);
      // The API server lowercases annotation keys before checking them, so uppercase prefixes pass.
      const problems = qualifiedName(key.toLowerCase());
      if (problems.length === 0) continue;
      findings.push(
        resourceFinding(resource, {
          ruleId: RULE_INVALID_ANNOTATION,
          severity: 'high',
          message: `annotation key ${JSON.stringify(key)} in ${where}.annotations is not valid: ${problems.join('; ')}`,
          pointer: joinPointer(...path, 'annotations', key),
        }),
      );
    }
    if (totalBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
      findings.push(
        resourceFinding(resource, {
          ruleId: RULE_INVALID_ANNOTATION,
          severity: 'high',
          message: `${where}.annotations are too long: keys and values total ${totalBytes} bytes, more than the ${TOTAL_ANNOTATION_SIZE_LIMIT}-byte (256 KiB) limit`,
          pointer: joinPointer(...path, 'annotations'),
          properties: { totalBytes, limitBytes: TOTAL_ANNOTATION_SIZE_LIMIT, largestKeys: largestKeys(annotations) },
        }),
      );
    }
  }
  return findings;
}

function largestKeys(annotations: Record<string, unknown>): string[] {
  return Object.keys(annotations)
    .map((key) => {
      const value = annotations[key];
      return { key, size: byteLength(key) + (typeof value === 'string' ? byteLength(value) : 0) };
    })
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map((entry) => entry.key);
}
