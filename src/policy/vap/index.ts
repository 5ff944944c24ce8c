/** Kubernetes ValidatingAdmissionPolicies and bindings of the repository, evaluated offline (see load.ts). */
export { isAdmissionPolicyObject, loadAdmissionPolicies, VAP_UNSUPPORTED_RULE, type AdmissionPolicySet } from './load.js';
export { pluralOf } from './match.js';
