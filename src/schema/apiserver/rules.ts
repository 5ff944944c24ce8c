import type { Rule } from '../../model/index.js';

export const RULE_REMOVED_API = 'schema/removed-api';
export const RULE_DEPRECATED_API = 'schema/deprecated-api';
export const RULE_INVALID_NAME = 'schema/invalid-name';
export const RULE_INVALID_LABEL = 'schema/invalid-label';
export const RULE_INVALID_ANNOTATION = 'schema/invalid-annotation';
export const RULE_DUPLICATE_OBJECT = 'schema/duplicate-object';

const DEPRECATION_GUIDE = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

/** Metadata of every check in this folder: the checks the API server applies beyond JSON schema. */
export const APISERVER_RULES: Rule[] = [
  {
    id: RULE_REMOVED_API,
    title: 'API version removed in the target Kubernetes version',
    severity: 'high',
    description:
      'The resource uses an apiVersion (for its kind) that the target Kubernetes version no longer serves. ' +
      'The API server rejects it, so the sync fails.',
    remediation:
      'Change apiVersion to the replacement named in the finding and apply the field changes the migration guide lists for it.',
    helpUri: DEPRECATION_GUIDE,
    tags: ['schema', 'gitops'],
  },
  {
    id: RULE_DEPRECATED_API,
    title: 'API version deprecated in the target Kubernetes version',
    severity: 'medium',
    description:
      'The resource uses an apiVersion that the target Kubernetes version still serves but has deprecated. ' +
      'It will stop working in the removal version named in the finding.',
    remediation: 'Migrate to the replacement apiVersion before upgrading the cluster to the removal version.',
    helpUri: DEPRECATION_GUIDE,
    tags: ['schema', 'gitops'],
  },
  {
    id: RULE_INVALID_NAME,
    title: 'Object name not accepted by the API server',
    severity: 'high',
    description:
      'metadata.name, metadata.generateName or metadata.namespace breaks the naming rule the API server applies to this kind ' +
      '(a DNS-1123 subdomain for most kinds; a DNS label for Namespaces and StatefulSets; an RFC 1035 label for Services; ' +
      'a path segment for RBAC kinds; plus kind-specific limits).',
    remediation: 'Rename the object: use lowercase letters, digits and "-" (and "." where subdomains are allowed), starting and ending with a letter or digit.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
    tags: ['schema'],
  },
  {
    id: RULE_INVALID_LABEL,
    title: 'Label key or value not accepted by the API server',
    severity: 'high',
    description:
      'A label key must be a name of at most 63 characters (alphanumerics, "-", "_", ".", starting and ending with an alphanumeric), ' +
      'optionally prefixed by a DNS subdomain of at most 253 characters and "/". A value is at most 63 such characters, or empty.',
    remediation: 'Shorten or rename the label key or value so that it fits the label syntax.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set',
    tags: ['schema'],
  },
  {
    id: RULE_INVALID_ANNOTATION,
    title: 'Annotation key or total annotation size not accepted by the API server',
    severity: 'high',
    description:
      'Annotation keys follow the label key syntax (the prefix is compared case-insensitively), and all keys and values of one object ' +
      'together may not exceed 256 KiB.',
    remediation: 'Rename the annotation key, or move large data out of annotations (into a ConfigMap, for example).',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/#syntax-and-character-set',
    tags: ['schema'],
  },
  {
    id: RULE_DUPLICATE_OBJECT,
    title: 'The same object is defined more than once',
    severity: 'high',
    description:
      'Two definitions share API group, kind, namespace and name, so they describe one object in the cluster: ' +
      'whichever is applied last silently wins, and GitOps tools report the object as out of sync or fail the sync.',
    remediation: 'Keep one definition: delete or rename the others, or give them different namespaces.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
    tags: ['schema', 'gitops'],
  },
];
