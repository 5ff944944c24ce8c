import { createRequire } from 'node:module';
import { Environment } from '@marcbachmann/cel-js';
import type { RE2JS } from 're2js';
import { addQuantities, compareQuantities, isIntegral, parseQuantity, Quantity } from './quantity.js';

/*
 * Kubernetes-flavoured CEL on @marcbachmann/cel-js, shared by Gatekeeper's K8sNativeValidation
 * templates (src/policy/gatekeeper) and CRD validation rules (x-kubernetes-validations, in
 * src/schema): one environment with the Kubernetes string, regex, list and quantity
 * (quantity.ts) functions templates and CRDs commonly use, RE2 regular expressions (linear
 * time), and JSON values as CEL sees them.
 * An expression that calls a Kubernetes library function not provided here is reported as
 * unsupported rather than failing on every object.
 */

/** A compiled expression: evaluate with the variables it uses (`self`, `object`, `variables`, ...). */
export type CelFunction = (context: Record<string, unknown>) => unknown;

export type CompiledExpression = { run: CelFunction } | { unsupported: string } | { error: string };

/** Kubernetes CEL library functions not provided here; a template using one is not evaluated. */
const UNSUPPORTED_FUNCTIONS = /\b(url|ip|cidr|authorizer|isURL|isIP|isCIDR|semver|isSemver|format)\s*\(|\.(isSorted|sum|min|max)\s*\(/;

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
    .registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => BigInt(l.lastIndexOf(v)))
    // Kubernetes' quantity library
    .registerType('Quantity', Quantity)
    .registerFunction('quantity(string): Quantity', (s: string) => {
      const q = parseQuantity(s);
      if (!q) throw new Error(`quantities must match the regular expression for quantities: ${JSON.stringify(s)}`);
      return q;
    })
    .registerFunction('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined)
    .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => BigInt(compareQuantities(a, b)))
    .registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => compareQuantities(a, b) < 0)
    .registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => compareQuantities(a, b) > 0)
    .registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => addQuantities(a, b))
    .registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => addQuantities(a, new Quantity(b, 1n)))
    .registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => addQuantities(a, b, -1n))
    .registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => addQuantities(a, new Quantity(b, 1n), -1n))
    .registerFunction('Quantity.sign(): int', (a: Quantity) => (a.num > 0n ? 1n : a.num < 0n ? -1n : 0n))
    .registerFunction('Quantity.isInteger(): bool', (a: Quantity) => isIntegral(a))
    .registerFunction('Quantity.asInteger(): int', (a: Quantity) => {
      if (!isIntegral(a)) throw new Error('cannot convert value to integer');
      const v = a.num / a.den;
      if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) throw new Error('cannot convert value to integer: out of range');
      return v;
    })
    .registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => Number(a.num) / Number(a.den));
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

/** Compiles one expression once; `unsupported` names a Kubernetes function syncgate does not provide. */
export function compileExpression(expression: string): CompiledExpression {
  const unsupported = UNSUPPORTED_FUNCTIONS.exec(expression);
  if (unsupported) return { unsupported: (unsupported[1] ?? unsupported[2])! };
  try {
    return { run: celEnvironment().parse(withLinearMatches(expression)) as CelFunction };
  } catch (e) {
    return { error: firstLine(e) };
  }
}

/** Nesting beyond this is left as it is (hostile input must not exhaust the stack). */
const MAX_CEL_DEPTH = 512;

/** JSON as CEL sees it: integers are CEL ints (BigInt in cel-js), other numbers doubles. */
export function toCel(value: unknown, depth = 0): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (depth > MAX_CEL_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => toCel(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a manifest key `__proto__` stays a key, never the object's prototype
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: toCel(v, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
