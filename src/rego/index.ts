/**
 * The Rego engine: parse, compile and evaluate Rego (v0 and v1) in-process.
 *
 *   const policy = compilePolicy([{ file: 'p.rego', source }]);
 *   policy.evaluate('data.main.deny = x', { input, data });
 *   policy.evaluateRef('data.main.deny', { input });
 */
export { compilePolicy, CompiledPolicy, type QueryResult, type RuleDetail } from './policy.js';
export { runRegoTests, type RegoTestResult, type RunTestsOptions } from './testing.js';
export type { CompileOptions, ModuleSource } from './compiler.js';
export type { EvalOptions, EvalLimits } from './evaluator.js';
export { RegoError, RegoCompileErrors, type RegoErrorCode, type Location } from './errors.js';
export { parseModule, parseQuery, parseTermText, detectRegoVersion, type RegoVersion, type ParseOptions } from './parser.js';
export * from './value.js';
export { registerBuiltins, getBuiltin, allBuiltins, BuiltinError, BuiltinHalt, type BuiltinDef, type BuiltinContext, type BuiltinImpl } from './builtins/registry.js';
