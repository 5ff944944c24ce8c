import type { Rule } from '../model/index.js';

export const RULE_UNKNOWN_FIELD = 'schema/unknown-field';
export const RULE_REQUIRED_FIELD = 'schema/required-field';
export const RULE_INVALID_TYPE = 'schema/invalid-type';
export const RULE_INVALID_VALUE = 'schema/invalid-value';
export const RULE_REJECTED_KIND = 'schema/rejected-kind';
export const RULE_INVALID_SCHEMA = 'schema/invalid-schema';

const API_CONCEPTS = 'https://kubernetes.io/docs/reference/using-api/api-concepts/';

/** Metadata of every finding the JSON-schema validator emits. */
export const SCHEMA_RULES: readonly Rule[] = Object.freeze([
  {
    id: RULE_UNKNOWN_FIELD,
    title: 'Field not defined by the schema',
    severity: 'low',
    description:
      'The field is not part of the schema of this kind (often a typo or a field at the wrong indentation). ' +
      'The API server drops unknown fields and answers with a field-validation warning (an error with ' +
      '`kubectl apply --validate=strict`), so the setting silently has no effect. Reported as low; high with --strict. ' +
      'For custom resources, the field is unknown when the CRD schema neither declares it nor sets ' +
      'x-kubernetes-preserve-unknown-fields.',
    remediation: 'Fix the field name or its indentation (the message suggests the closest known field), or remove the field.',
    helpUri: `${API_CONCEPTS}#field-validation`,
    tags: ['schema'],
  },
  {
    id: RULE_REQUIRED_FIELD,
    title: 'Required field missing',
    severity: 'high',
    description: 'The schema of this kind requires the field named in the message in the object the finding points at. The API server rejects the object without it.',
    remediation: 'Add the missing field to the object the finding points at.',
    helpUri: 'https://kubernetes.io/docs/reference/kubernetes-api/',
    tags: ['schema'],
  },
  {
    id: RULE_INVALID_TYPE,
    title: 'Value of the wrong type',
    severity: 'high',
    description:
      'The value has a JSON type the schema does not allow here (for example a string where an integer is expected, ' +
      'or a map where a list is expected). The API server cannot decode the object and rejects it. ' +
      'Quoting matters in YAML: "8080" is a string, 8080 an integer, "true" a string, true a boolean.',
    remediation: 'Change the value to the expected type (add or remove quotes, or fix the YAML structure).',
    helpUri: 'https://kubernetes.io/docs/reference/kubernetes-api/',
    tags: ['schema'],
  },
  {
    id: RULE_INVALID_VALUE,
    title: 'Value not allowed by the schema',
    severity: 'high',
    description:
      'The value has the right type but breaks a constraint of the schema: an integer outside the int32/int64 range, ' +
      'a malformed quantity (e.g. "512mb"), date-time or base64 value, or, for custom resources, an enum, pattern, ' +
      'length, range, format or list-uniqueness constraint, or a CEL validation rule (x-kubernetes-validations), of the CRD schema. The API server rejects the object.',
    remediation: 'Use a value the message allows.',
    helpUri: 'https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/',
    tags: ['schema'],
  },
  {
    id: RULE_REJECTED_KIND,
    title: 'Kind rejected by configuration',
    severity: 'high',
    description: 'The kind (or apiVersion/kind) is listed in --reject: resources of this kind are not allowed in this repository.',
    remediation: 'Remove the resource, or take the kind off the reject list if it is allowed after all.',
    helpUri: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/',
    tags: ['schema'],
  },
  {
    id: RULE_INVALID_SCHEMA,
    title: 'Schema could not be used',
    severity: 'medium',
    description:
      'The schema found for this kind (a file from a schema location, or a CRD schema) could not be read or resolved, ' +
      'so the resource was not validated. The message names the schema and the problem.',
    remediation: 'Fix or regenerate the schema file (valid JSON, resolvable $refs), or remove the schema location that provides it.',
    helpUri: 'https://json-schema.org/understanding-json-schema/',
    tags: ['schema'],
  },
] satisfies Rule[]);
