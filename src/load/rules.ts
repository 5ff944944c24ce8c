import type { Rule } from '../model/index.js';

const HELP = 'https://github.com/syncgate/syncgate/blob/main/docs/rules.md';

/** Problems found while reading files, before any schema is consulted. */
export const LOADER_RULES: Rule[] = [
  {
    id: 'schema/yaml-syntax',
    title: 'YAML syntax error',
    severity: 'high',
    description: 'The document is not valid YAML, so neither Kubernetes nor a GitOps reconciler can read it.',
    remediation: 'Fix the syntax at the reported line and column (indentation, unquoted special characters such as `{{` or `: `, tabs).',
    helpUri: `${HELP}#schemayaml-syntax`,
    tags: ['schema'],
  },
  {
    id: 'schema/yaml-alias-limit',
    title: 'Too many YAML alias expansions',
    severity: 'high',
    description: 'The document expands aliases so many times that it looks like an alias bomb ("billion laughs"); it was not loaded.',
    remediation: 'Remove the nested aliases or inline the values.',
    helpUri: `${HELP}#schemayaml-alias-limit`,
    tags: ['schema'],
  },
  {
    id: 'schema/duplicate-key',
    title: 'Duplicate mapping key',
    severity: 'medium',
    description: 'A key appears twice in the same mapping. Kubernetes keeps the last value silently (or rejects the object with strict field validation), so one of the two values is lost.',
    remediation: 'Remove one of the two keys, or merge their values.',
    helpUri: `${HELP}#schemaduplicate-key`,
    tags: ['schema'],
  },
  {
    id: 'schema/missing-kind',
    title: 'Resource without kind',
    severity: 'high',
    description: 'The document looks like a Kubernetes resource but has no `kind`.',
    remediation: 'Add the `kind` of the resource (for example `kind: Deployment`).',
    helpUri: `${HELP}#schemamissing-kind`,
    tags: ['schema'],
  },
  {
    id: 'schema/missing-apiversion',
    title: 'Resource without apiVersion',
    severity: 'high',
    description: 'The document looks like a Kubernetes resource but has no `apiVersion`.',
    remediation: 'Add the `apiVersion` of the resource (for example `apiVersion: apps/v1`).',
    helpUri: `${HELP}#schemamissing-apiversion`,
    tags: ['schema'],
  },
  {
    id: 'schema/unreadable-file',
    title: 'File cannot be read as YAML or JSON',
    severity: 'high',
    description: 'A manifest file is binary, too large, not UTF-8 text, or could not be read.',
    remediation: 'Remove the file from the checked paths (or exclude it with --exclude), or fix its content.',
    helpUri: `${HELP}#schemaunreadable-file`,
    tags: ['schema'],
  },
];
