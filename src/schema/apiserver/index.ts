/**
 * The checks the Kubernetes API server (and its deprecation policy) applies beyond JSON schema:
 * removed and deprecated API versions, object names, labels and annotations, and objects
 * defined twice in one run.
 */
export { checkDeprecatedApi, findDeprecatedApi, resolveReplacement, type ResolvedReplacement } from './deprecation.js';
export { DEPRECATED_APIS, type ApiReplacement, type ApiStage, type DeprecatedApi } from './deprecated-apis.js';
export { checkMetadata, TOTAL_ANNOTATION_SIZE_LIMIT } from './metadata.js';
export { findDuplicateObjects, type DefinitionLocation, type DuplicateOptions, type NamespacedKinds } from './duplicates.js';
export { builtInNamespaced, canonicalGroup } from './scope.js';
export { nameFormatOf, type NameFormat } from './name-rules.js';
export { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './name-formats.js';
export { parseKubernetesVersion, compareKubeMinor, formatKubeMinor, type KubeMinor } from './kube-version.js';
export {
  APISERVER_RULES,
  RULE_DEPRECATED_API,
  RULE_DUPLICATE_OBJECT,
  RULE_INVALID_ANNOTATION,
  RULE_INVALID_LABEL,
  RULE_INVALID_NAME,
  RULE_REMOVED_API,
} from './rules.js';
