import { compileExpression, firstLine, type CelFunction } from './expressions.js';

/*
 * The shape Kubernetes ValidatingAdmissionPolicies and Gatekeeper's K8sNativeValidation share:
 * `variables` (computed on first use, in order), `matchConditions` and `validations` with
 * `message` or `messageExpression`. Callers supply the context (`object`, `oldObject`,
 * `request`, `params`, ...) and the variables their engine predefines.
 */

const asRecord = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface CelProgram {
  variables: Array<{ name: string; run: CelFunction }>;
  matchConditions: Array<{ name: string; run: CelFunction }>;
  validations: Array<{ expression: string; run: CelFunction; message?: string; messageRun?: CelFunction }>;
}

export interface CelProblem {
  pointer: string;
  message: string;
  /** Valid CEL that needs something syncgate does not provide (a Kubernetes library function). */
  unsupported?: boolean;
}

/** Compiles `variables`, `matchConditions` and `validations` of `source`, found at `pointer`. */
export function compileValidations(source: Record<string, unknown>, pointer: string): { program?: CelProgram; problems: CelProblem[] } {
  const problems: CelProblem[] = [];
  const compile = (expression: unknown, at: string): CelFunction | undefined => {
    if (typeof expression !== 'string' || expression.trim() === '') {
      problems.push({ pointer: at, message: 'a CEL expression is missing' });
      return undefined;
    }
    const compiled = compileExpression(expression);
    if ('run' in compiled) return compiled.run;
    if ('unsupported' in compiled) problems.push({ pointer: at, unsupported: true, message: `uses the Kubernetes CEL function ${compiled.unsupported}(), which syncgate does not provide yet` });
    else problems.push({ pointer: at, message: `CEL: ${compiled.error}` });
    return undefined;
  };
  const program: CelProgram = { variables: [], matchConditions: [], validations: [] };
  asArray(source['variables']).forEach((v, i) => {
    const name = asString(asRecord(v)?.['name']);
    const run = compile(asRecord(v)?.['expression'], `${pointer}/variables/${i}/expression`);
    if (name && run) program.variables.push({ name, run });
  });
  asArray(source['matchConditions']).forEach((m, i) => {
    const run = compile(asRecord(m)?.['expression'], `${pointer}/matchConditions/${i}/expression`);
    if (run) program.matchConditions.push({ name: asString(asRecord(m)?.['name']) ?? String(i), run });
  });
  asArray(source['validations']).forEach((v, i) => {
    const at = `${pointer}/validations/${i}`;
    const expression = asRecord(v)?.['expression'];
    const run = compile(expression, `${at}/expression`);
    const messageExpression = asRecord(v)?.['messageExpression'];
    const messageRun = messageExpression === undefined ? undefined : compile(messageExpression, `${at}/messageExpression`);
    const message = asString(asRecord(v)?.['message']);
    if (run) program.validations.push({ expression: String(expression), run, ...(message ? { message } : {}), ...(messageRun ? { messageRun } : {}) });
  });
  if (program.validations.length === 0 && problems.length === 0) problems.push({ pointer, message: 'no validations' });
  return problems.length ? { problems } : { program, problems };
}

/**
 * A failed validation's message, or an evaluation error. `missingField`: the expression read a
 * field the manifest does not have; the API server judges the object after defaulting, where the
 * field may well be set (`spec.replicas`), so callers do not report such an error as a failure.
 */
export type CelOutcome = { violations: string[] } | { error: string; missingField: boolean };

/**
 * Evaluates a compiled program. `context` holds the top-level variables (already as CEL values,
 * see toCel); `predefined` the engine's own `variables.*`. Never throws.
 */
export function evaluateValidations(program: CelProgram, context: Record<string, unknown>, predefined: Record<string, unknown> = {}): CelOutcome {
  const variables: Record<string, unknown> = { ...predefined };
  const full = { ...context, variables };
  // Variables are computed when first used, in order, as Kubernetes does: an unused one cannot fail.
  for (const v of program.variables) {
    let computed = false;
    let value: unknown;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get: () => {
        if (!computed) {
          value = v.run(full);
          computed = true;
        }
        return value;
      },
    });
  }
  try {
    for (const m of program.matchConditions) if (m.run(full) !== true) return { violations: [] };
    const violations: string[] = [];
    for (const v of program.validations) {
      if (v.run(full) === true) continue;
      const message = v.messageRun ? v.messageRun(full) : undefined;
      violations.push(typeof message === 'string' && message !== '' ? message : (v.message ?? `failed expression: ${v.expression.trim()}`));
    }
    return { violations };
  } catch (e) {
    const reason = firstLine(e);
    return { error: `CEL evaluation failed: ${reason}`, missingField: /^No such key\b/.test(reason) };
  }
}
