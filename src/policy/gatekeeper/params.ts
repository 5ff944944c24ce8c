import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { joinPointer, splitPointer } from '../../model/index.js';

let AjvClass: typeof import('ajv').Ajv | undefined;

export interface ParameterProblem {
  /** JSON pointer into the constraint object (`/spec/parameters/...`). */
  pointer: string;
  message: string;
}

/** Compiles a template's parameter schema; a schema ajv rejects is a problem, not a crash. */
export function compileParameterSchema(schema: unknown): { validate?: ValidateFunction; error?: string } {
  if (schema === undefined || schema === null || typeof schema !== 'object') return {};
  try {
    AjvClass ??= (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv;
    const ajv = new AjvClass({ allErrors: true, strict: false, validateFormats: false });
    return { validate: ajv.compile(schema as object) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? `parameters${e.instancePath.replace(/\//g, '.')}` : 'parameters';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'enum') return `${where} must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** Validates `spec.parameters` of a constraint (absent parameters are not validated, as in Gatekeeper). */
export function validateParameters(validate: ValidateFunction, parameters: unknown): ParameterProblem[] {
  if (parameters === undefined) return [];
  if (validate(parameters)) return [];
  const out: ParameterProblem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const message = describe(e);
    if (seen.has(message)) continue;
    seen.add(message);
    let tokens: string[] = [];
    try {
      tokens = splitPointer(e.instancePath);
    } catch {
      tokens = [];
    }
    out.push({ pointer: joinPointer('spec', 'parameters', ...tokens), message });
  }
  return out;
}
