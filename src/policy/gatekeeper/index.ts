/**
 * OPA Gatekeeper support: ConstraintTemplates (Rego) and their Constraints as syncgate
 * rules, and gator `Suite` files as `syncgate test` cases.
 *
 *   const gk = loadGatekeeper(resources, { root });
 *   const findings = [...gk.loadFindings, ...gk.run(resources)];
 */
export { loadGatekeeper, type GatekeeperOptions, type GatekeeperSet } from './load.js';
export { GATEKEEPER_PARAMETERS_RULE, GATEKEEPER_UNSUPPORTED_RULE, findingOn, policyErrorOn } from './findings.js';
export { isGatekeeperObject, isTemplate, isConstraint, groupOf, versionOf, labelsOf, asRecord, stringList } from './objects.js';
export { constraintMatches, selectorMatches, globMatch, type MatchTarget } from './match.js';
export { buildInventory } from './inventory.js';
export { createReview, type Review } from './review.js';
export type { LoadedTemplate } from './template.js';
export type { LoadedConstraint, EnforcementAction } from './constraint.js';
export { runGatorSuites, gatorTestRunner, SUITE_API_VERSION, type SuiteRunContext, type SuiteRunResult, type SuiteCaseResult } from './suite.js';
export { checkAssertion } from './assertions.js';
