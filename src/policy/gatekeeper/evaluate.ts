import { RegoError, toJSON, isSet, isArray, key, type EvalLimits, type Value } from '../../rego/index.js';
import { evaluateValidations, toCel } from '../../cel/index.js';
import type { LoadedTemplate } from './template.js';
import type { Review } from './review.js';

/** One element of a template's `violation` set. */
export interface RawViolation {
  msg: string;
  details?: unknown;
  /** The field of the reviewed object the template read that best explains this violation (JSON pointer). */
  readPointer?: string;
}

export interface EvalFailure {
  reason: string;
  /** file:line:col inside the template's Rego, when the engine said. */
  where?: { file: string; line: number; col: number };
  /** the engine's limits stopped it */
  limit: boolean;
}

/** Evaluates `violation` of a compiled template on one review. Never throws. */
export function evaluateTemplate(
  template: LoadedTemplate,
  review: Review,
  parameters: unknown,
  data: Record<string, unknown>,
  limits: EvalLimits,
): { violations: RawViolation[]; problems: string[] } | { error: EvalFailure } {
  if (!template.policy && template.cel) {
    // The variables Gatekeeper provides to K8sNativeValidation code.
    const object = toCel(review.object);
    const oldObject = toCel(review.oldObject);
    const request = toCel({ operation: review.operation, kind: review.kind, name: review.name, namespace: review.namespace, userInfo: review.userInfo, dryRun: review.dryRun });
    const r = evaluateValidations(template.cel, { object, oldObject, request, namespaceObject: null }, { anyObject: object ?? oldObject, params: toCel(parameters ?? {}) });
    // A field missing from the manifest may be set by defaulting at admission: not a failure here.
    if ('error' in r) return r.missingField ? { violations: [], problems: [] } : { error: { reason: r.error, limit: false } };
    return { violations: r.violations.map((msg) => ({ msg })), problems: [] };
  }
  if (!template.policy || !template.packagePath) return { violations: [], problems: [] };
  let value: Value | undefined;
  let readPointers: ReadonlyMap<string, string> | undefined;
  try {
    const input = { review, parameters: parameters ?? {} };
    // Traced from input.review.object: Gatekeeper messages name no field, the reads do.
    const traced = template.policy.evaluateRefsTraced([[...template.packagePath, 'violation']], { input: input as unknown as Value, data: data as unknown as Value, limits, traceInput: ['review', 'object'] });
    value = traced.values[0];
    readPointers = traced.origins[0];
  } catch (e) {
    if (e instanceof RegoError) {
      return {
        error: {
          reason: `${e.code}: ${e.detail}`,
          ...(e.location ? { where: { file: e.location.file, line: e.location.line, col: e.location.col } } : {}),
          limit: e.code === 'eval_limit_error' || e.code === 'eval_cancel_error',
        },
      };
    }
    return { error: { reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e), limit: e instanceof RangeError } };
  }
  const violations: RawViolation[] = [];
  const problems: string[] = [];
  if (value === undefined) return { violations, problems };
  const elems = isSet(value) ? value.sorted() : isArray(value) ? value : undefined;
  if (!elems) return { violations, problems: [`violation is not a set (got ${JSON.stringify(toJSON(value)).slice(0, 100)})`] };
  for (const el of elems) {
    const obj = toJSON(el) as Record<string, unknown> | null;
    const msg = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? obj['msg'] : undefined;
    if (typeof msg !== 'string') {
      problems.push(`a violation has no string "msg": ${JSON.stringify(obj).slice(0, 200)}`);
      continue;
    }
    const readPointer = readPointers?.get(key(el));
    violations.push({ msg, ...(obj!['details'] !== undefined ? { details: obj!['details'] } : {}), ...(readPointer !== undefined ? { readPointer } : {}) });
  }
  return { violations, problems };
}
