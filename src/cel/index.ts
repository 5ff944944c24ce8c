/**
 * Kubernetes CEL: expressions (expressions.ts, with the quantity library of quantity.ts) and the
 * variables/matchConditions/validations programs of admission policies (validations.ts).
 */
export { compileExpression, toCel, firstLine, withLinearMatches, type CelFunction, type CompiledExpression } from './expressions.js';
export { compileValidations, evaluateValidations, type CelOutcome, type CelProblem, type CelProgram } from './validations.js';
