import { createRequire } from 'node:module';
import { Environment } from '@marcbachmann/cel-js';
import type { RE2JS } from 're2js';
import type { Review } from './review.js';
import { asArray, asRecord, asString } from './objects.js';

/*
 * Gatekeeper's CEL engine (`engine: K8sNativeValidation`): `variables`, `matchConditions` and
 * `validations` with `message` or `messageExpression`, evaluated with the variables Gatekeeper
 * provides: `object`, `oldObject`, `request`, `variables.anyObject` (the object, or the old one
 * on DELETE) and `variables.params` (the constraint's parameters). CEL itself is
 * @marcbachmann/cel-js; the few Kubernetes library functions it lacks that templates commonly
 * use are added here, and a template that calls one syncgate does not have is reported as
 * unsupported instead of failing on every object.
 */

export interface CelProgram {
  variables: Array<{ name: string; run: CelFunction }>;
  matchConditions: Array<{ name: string; run: CelFunction }>;
  validations: Array<{ expression: string; run: CelFunction; message?: string; messageRun?: CelFunction }>;
}

type CelFunction = (context: Record<string, unknown>) => unknown;

export interface CelProblem {
  pointer: string;
  message: string;
  /** Valid CEL that needs something syncgate does not provide (a Kubernetes library function). */
  unsupported?: boolean;
}

/** Kubernetes CEL library functions not provided here; a template using one is not evaluated. */
const UNSUPPORTED_FUNCTIONS = /\b(quantity|url|ip|cidr|authorizer|isQuantity|isURL|isIP|isCIDR|semver|isSemver|format)\s*\(|\.(isSorted|sum|min|max)\s*\(/;

let environment: Environment | undefined;

/** One environment for every template: CEL with the Kubernetes string and regex extensions used by templates. */
function celEnvironment(): Environment {
  if (environment) return environment;
  environment = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerFunction('string.replace(string, string): string', (s: string, from: string, to: string) => s.split(from).join(to))
    .registerFunction('string.replace(string, string, int): string', (s: string, from: string, to: string, n: bigint) => replaceN(s, from, to, Number(n)))
    .registerFunction('string.syncgateMatches(string): bool', (s: string, re: string) => linearRegex(re).matcher(s).find())
    .registerFunction('syncgateMatches(string, string): bool', (s: string, re: string) => linearRegex(re).matcher(s).find())
    .registerFunction('string.find(string): string', (s: string, re: string) => {
      const m = linearRegex(re).matcher(s);
      return m.find() ? (m.group() ?? '') : '';
    })
    .registerFunction('string.findAll(string): list<string>', (s: string, re: string) => {
      const m = linearRegex(re).matcher(s);
      const out: string[] = [];
      while (m.find() && out.length < 10_000) out.push(m.group() ?? '');
      return out;
    })
    .registerFunction('list.indexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.findIndex((x) => x === v)))
    .registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.lastIndexOf(v)));
  return environment;
}

// CEL regexes are RE2 (linear time); cel-js's own `matches` uses JavaScript's backtracking
// RegExp, which a template's pattern could make run for hours. Loaded on first use.
let RE2: typeof RE2JS | undefined;
const regexCache = new Map<string, RE2JS>();

function linearRegex(pattern: string): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    RE2 ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS;
    re = RE2.compile(pattern);
    if (regexCache.size >= 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** `s.matches(re)` and `matches(s, re)` outside string literals, routed to the RE2 version (cel-js's cannot be replaced). */
export function withLinearMatches(expression: string): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const quote = /^(?:[rR]?)('''|"""|'|")/.exec(expression.slice(i, i + 4));
    if (quote && (i === 0 || !/[A-Za-z0-9_]/.test(expression[i - 1]!) || /[rR]/.test(expression[i]!))) {
      const raw = /[rR]/.test(expression[i]!);
      const delimiter = quote[1]!;
      let j = i + quote[0].length;
      while (j < expression.length && !expression.startsWith(delimiter, j)) j += !raw && expression[j] === '\\' ? 2 : 1;
      j = Math.min(expression.length, j + delimiter.length);
      out += expression.slice(i, j);
      i = j;
      continue;
    }
    if (expression.startsWith('.matches(', i)) {
      out += '.syncgateMatches(';
      i += '.matches('.length;
      continue;
    }
    if (expression.startsWith('matches(', i) && (i === 0 || !/[A-Za-z0-9_.]/.test(expression[i - 1]!))) {
      out += 'syncgateMatches(';
      i += 'matches('.length;
      continue;
    }
    out += expression[i];
    i += 1;
  }
  return out;
}

function replaceN(s: string, from: string, to: string, n: number): string {
  if (n < 0) return s.split(from).join(to);
  let out = s;
  for (let i = 0, at = 0; i < n; i++) {
    const found = out.indexOf(from, at);
    if (found < 0) break;
    out = out.slice(0, found) + to + out.slice(found + from.length);
    at = found + to.length;
  }
  return out;
}

/** Compiles the `source` of a K8sNativeValidation code entry at `pointer`. */
export function compileCel(source: Record<string, unknown>, pointer: string): { program?: CelProgram; problems: CelProblem[] } {
  const env = celEnvironment();
  const problems: CelProblem[] = [];
  const compile = (expression: unknown, at: string): CelFunction | undefined => {
    if (typeof expression !== 'string' || expression.trim() === '') {
      problems.push({ pointer: at, message: 'a CEL expression is missing' });
      return undefined;
    }
    const unsupported = UNSUPPORTED_FUNCTIONS.exec(expression);
    if (unsupported) {
      problems.push({ pointer: at, unsupported: true, message: `uses the Kubernetes CEL function ${(unsupported[1] ?? unsupported[2])!}(), which syncgate does not provide yet` });
      return undefined;
    }
    try {
      return env.parse(withLinearMatches(expression)) as CelFunction;
    } catch (e) {
      problems.push({ pointer: at, message: `CEL: ${firstLine(e)}` });
      return undefined;
    }
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
  if (program.validations.length === 0 && problems.length === 0) problems.push({ pointer, message: 'K8sNativeValidation source has no validations' });
  return problems.length ? { problems } : { program, problems };
}

/** A failed validation's message, or an evaluation error (reported as a policy error on the object). */
export type CelOutcome = { violations: string[] } | { error: string };

/** Evaluates a compiled program on one review. Never throws. */
export function evaluateCel(program: CelProgram, review: Review, parameters: unknown): CelOutcome {
  const object = toCel(review.object);
  const oldObject = toCel(review.oldObject);
  const variables: Record<string, unknown> = { anyObject: object ?? oldObject, params: toCel(parameters ?? {}) };
  const context = {
    object,
    oldObject,
    request: toCel({ operation: review.operation, kind: review.kind, name: review.name, namespace: review.namespace, userInfo: review.userInfo, dryRun: review.dryRun }),
    namespaceObject: null,
    variables,
  };
  // Variables are computed when first used, in order, as Kubernetes does: an unused one cannot fail.
  for (const v of program.variables) {
    let computed = false;
    let value: unknown;
    Object.defineProperty(variables, v.name, {
      enumerable: true,
      get: () => {
        if (!computed) {
          value = v.run(context);
          computed = true;
        }
        return value;
      },
    });
  }
  try {
    for (const m of program.matchConditions) if (m.run(context) !== true) return { violations: [] };
    const violations: string[] = [];
    for (const v of program.validations) {
      if (v.run(context) === true) continue;
      const message = v.messageRun ? v.messageRun(context) : undefined;
      violations.push(typeof message === 'string' && message !== '' ? message : (v.message ?? `failed expression: ${v.expression.trim()}`));
    }
    return { violations };
  } catch (e) {
    return { error: `CEL evaluation failed: ${firstLine(e)}` };
  }
}

/** JSON as CEL sees it: integers are CEL ints (BigInt in cel-js), other numbers doubles. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a manifest key `__proto__` stays a key, never the object's prototype
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: toCel(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
