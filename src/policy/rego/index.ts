/**
 * conftest-compatible Rego policies: `.rego` files from the policy directories,
 * namespaces, deny/violation/warn rules, exceptions, data files and --combine.
 *
 *   const set = loadRegoPolicies(settings.policies, { root, namespaces: ['main'] });
 *   const findings = [...set.loadFindings, ...set.run(resources)];
 */
export { loadRegoPolicies, DEFAULT_REGO_LIMITS, findRegoFiles, policyDirsOrDefault, conftestNamespaces, type RegoLoadOptions, type RegoPolicySet } from './load.js';
export { compileIsolated, type PolicyFileProblem } from './compile.js';
export { loadDataFiles, type DataProblem } from './data.js';
export { readMessages, readExceptions, toPointer, type RuleMessage } from './messages.js';
export { conftestRuleKind, exceptionName, namespaceMatcher, ruleMetadata, type ConftestRule } from './rules.js';
export { ConftestRunner } from './conftest.js';
export { displayPath, policyFileError, policyEvalError } from './findings.js';
export { walkFiles, isRegoFile, isRegoTestFile, isDataFile } from './discover.js';
export { runRegoPolicyTests, type RegoTestOptions, type RegoTestCase, type RegoTestRun } from './testing.js';
export { CoverageRecorder, type CoverageReport, type RuleCoverage } from './coverage.js';
export { benchRego, type RegoBenchResult } from './bench.js';
