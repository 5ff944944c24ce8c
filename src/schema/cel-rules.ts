import { compileExpression, toCel, type CelFunction } from '../cel/index.js';
import type { PathToken } from './engine.js';

/*
 * CRD validation rules (`x-kubernetes-validations`): CEL expressions over `self`, the value at
 * the schema node that declares them, as the API server evaluates them for custom resources.
 * Offline there is no old object, so transition rules (those that use `oldSelf`) are left out.
 * To keep false positives out, a rule is reported only when it evaluates to false: a rule that
 * calls a function syncgate does not provide, or whose evaluation fails here, is not judged.
 */

interface CompiledRule {
  rule: string;
  run: CelFunction;
  message?: string;
  messageRun?: CelFunction;
  /** `fieldPath`: where the API server reports the failure, below the node. */
  fieldPath: PathToken[];
}

export interface RuleFailure {
  message: string;
  rule: string;
  fieldPath: PathToken[];
}

/** The rules of a schema node, compiled on first use; undefined when it declares none. */
export function celRulesOf(schema: Record<string, unknown>): ((data: unknown) => RuleFailure[]) | undefined {
  const declared = schema['x-kubernetes-validations'];
  if (!Array.isArray(declared) || declared.length === 0) return undefined;
  let compiled: CompiledRule[] | undefined;
  return (data) => {
    compiled ??= compileRules(declared);
    if (compiled.length === 0) return [];
    // The API server applies the schema's defaults before it evaluates rules.
    let context: { self: unknown };
    try {
      context = { self: toCel(withDefaults(data, schema, 0)) };
    } catch {
      return []; // a value CEL cannot be given (absurdly nested) is not judged
    }
    const failures: RuleFailure[] = [];
    for (const r of compiled) {
      let passed: unknown;
      try {
        passed = r.run(context);
      } catch {
        continue;
      }
      if (passed !== false) continue;
      let message = r.message;
      if (r.messageRun) {
        try {
          const m = r.messageRun(context);
          if (typeof m === 'string' && m.trim() !== '') message = m;
        } catch {
          // Kubernetes falls back to `message` when messageExpression fails.
        }
      }
      failures.push({ message: message ?? `failed rule: ${r.rule.trim()}`, rule: r.rule, fieldPath: r.fieldPath });
    }
    return failures;
  };
}

/** `data` with the `default` of every missing property filled in, at every level, as structural defaulting does. */
function withDefaults(data: unknown, schema: unknown, depth: number): unknown {
  if (depth > 64 || typeof schema !== 'object' || schema === null) return data;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(data)) return s['items'] !== undefined ? data.map((item) => withDefaults(item, s['items'], depth + 1)) : data;
  const properties = s['properties'];
  if (typeof data !== 'object' || data === null || typeof properties !== 'object' || properties === null) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, sub] of Object.entries(properties as Record<string, unknown>)) {
    const child = typeof sub === 'object' && sub !== null ? (sub as Record<string, unknown>) : undefined;
    if (!child) continue;
    const present = Object.prototype.hasOwnProperty.call(out, k) && out[k] !== null;
    if (!present && child['default'] !== undefined) Object.defineProperty(out, k, { value: child['default'], enumerable: true, writable: true, configurable: true });
    if (Object.prototype.hasOwnProperty.call(out, k)) out[k] = withDefaults(out[k], child, depth + 1);
  }
  return out;
}

function compileRules(declared: unknown[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const entry of declared) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as Record<string, unknown>;
    const rule = e['rule'];
    if (typeof rule !== 'string' || rule.trim() === '' || /\boldSelf\b/.test(rule)) continue;
    const compiled = compileExpression(rule);
    if (!('run' in compiled)) continue;
    const messageExpression = typeof e['messageExpression'] === 'string' ? compileExpression(e['messageExpression']) : undefined;
    out.push({
      rule,
      run: compiled.run,
      ...(typeof e['message'] === 'string' && e['message'] !== '' ? { message: e['message'] } : {}),
      ...(messageExpression && 'run' in messageExpression ? { messageRun: messageExpression.run } : {}),
      fieldPath: typeof e['fieldPath'] === 'string' ? parseFieldPath(e['fieldPath']) : [],
    });
  }
  return out;
}

/** `.spec.ports` or `.metadata['app.kubernetes.io/name']` as path tokens (anything else: the node itself). */
export function parseFieldPath(fieldPath: string): PathToken[] {
  const tokens: PathToken[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;
  let at = 0;
  while (at < fieldPath.length) {
    re.lastIndex = at;
    const m = re.exec(fieldPath);
    if (!m) return [];
    tokens.push(m[1] ?? (m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : Number(m[3])));
    at = re.lastIndex;
  }
  return tokens;
}
