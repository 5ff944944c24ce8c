/**
 * Offline JSON-schema validation of Kubernetes resources: bundled schemas per Kubernetes minor version
 * (schemas/), CRDs found in the run, and kubeconform-style local schema locations.
 */
export { createSchemaValidator, type SchemaCheck, type SchemaOptions, type SchemaValidator } from './validator.js';
export { availableKubernetesVersions, resolveKubernetesVersion, SCHEMAS_DIR } from './versions.js';
export {
  SCHEMA_RULES,
  RULE_INVALID_SCHEMA,
  RULE_INVALID_TYPE,
  RULE_INVALID_VALUE,
  RULE_REJECTED_KIND,
  RULE_REQUIRED_FIELD,
  RULE_UNKNOWN_FIELD,
} from './rules.js';
