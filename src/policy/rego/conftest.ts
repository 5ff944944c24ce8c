import { fingerprintOf, isSeverity, nearestExisting, toResourceRef, type Finding, type Resource, type Rule } from '../../model/index.js';
import { RegoError, type CompiledPolicy, type EvalLimits, type Value } from '../../rego/index.js';
import { policyEvalError, safeLocate } from './findings.js';
import { readExceptions, readMessages, type RuleMessage } from './messages.js';
import { exceptionName, type ConftestRule } from './rules.js';

/**
 * Runs conftest-style rules over resources: per resource (or once over the combined
 * input), all deny/violation/warn rules and the exception rule of a namespace are
 * evaluated together in one evaluation, then turned into findings on the resource.
 */
export interface Namespace {
  pkg: string;
  path: string[];
  rules: ConftestRule[];
  hasException: boolean;
}

export interface RunContext {
  policy: CompiledPolicy;
  namespaces: Namespace[];
  /** data for the resources of one file (conftest adds data.conftest.file per file) */
  dataFor: (file: string) => Record<string, unknown>;
  limits: EvalLimits;
  displayFile: (file: string) => string;
  /** builtin errors raise (and become policy/error findings) instead of giving undefined */
  strictBuiltinErrors?: boolean;
}

/** After this many limit or cancel errors a namespace is not evaluated again in the run. */
const MAX_LIMIT_ERRORS = 3;

interface ErrorInfo {
  where?: { file: string; line: number; col: number };
  reason: string;
  limit: boolean;
}

function errorInfo(e: unknown, display: (f: string) => string): ErrorInfo {
  if (e instanceof RegoError) {
    const where = e.location ? { file: display(e.location.file), line: e.location.line, col: e.location.col } : undefined;
    return { ...(where ? { where } : {}), reason: `${e.code}: ${e.detail}`, limit: e.code === 'eval_limit_error' || e.code === 'eval_cancel_error' };
  }
  // RangeError (stack) and anything else: a bug or a pathological policy; never crash the run.
  return { reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e), limit: e instanceof RangeError };
}

/** Values of the namespace's exception rule and conftest rules for one input; errors per rule. */
const refPaths = new WeakMap<Namespace, string[][]>();

/** The documents one evaluation asks for: every conftest rule, then `exception`. */
function pathsOf(ns: Namespace): string[][] {
  let paths = refPaths.get(ns);
  if (!paths) {
    paths = ns.rules.map((r) => [...ns.path, r.name]);
    if (ns.hasException) paths.push([...ns.path, 'exception']);
    refPaths.set(ns, paths);
  }
  return paths;
}

function evaluateNamespace(
  ctx: RunContext,
  ns: Namespace,
  input: unknown,
  data: Record<string, unknown>,
): { exception?: Value; values: (Value | undefined)[]; readPointers: (ReadonlyMap<string, string> | undefined)[]; errors: Map<number, ErrorInfo> } {
  const paths = pathsOf(ns);
  const opts = { input: input as Value, data: data as unknown as Value, limits: ctx.limits, ...(ctx.strictBuiltinErrors ? { strictBuiltinErrors: true } : {}) };
  const errors = new Map<number, ErrorInfo>();
  let values: (Value | undefined)[];
  let readPointers: (ReadonlyMap<string, string> | undefined)[] = [];
  try {
    // Traced: a message that names no field still points at the field the rule read.
    ({ values, origins: readPointers } = ctx.policy.evaluateRefsTraced(paths, opts));
  } catch (first) {
    const info = errorInfo(first, ctx.displayFile);
    // A limit hit would repeat once per rule: report it once for the namespace.
    if (info.limit) {
      for (let i = 0; i < ns.rules.length; i++) errors.set(i, info);
      return { values: [], readPointers: [], errors };
    }
    // Evaluate each rule alone so one failing rule does not hide the others' results.
    values = paths.map((p, i) => {
      try {
        return ctx.policy.evaluateRefs([p], opts)[0];
      } catch (e) {
        errors.set(i, errorInfo(e, ctx.displayFile));
        return undefined;
      }
    });
  }
  const exception = ns.hasException ? values[ns.rules.length] : undefined;
  const exErr = errors.get(ns.rules.length);
  if (exErr) for (let i = 0; i < ns.rules.length; i++) if (!errors.has(i)) errors.set(i, exErr);
  return { ...(exception !== undefined ? { exception } : {}), values: values.slice(0, ns.rules.length), readPointers, errors };
}

function messageFinding(rule: Rule, resource: Resource, msg: RuleMessage, pointerPrefix = ''): Finding {
  const ref = toResourceRef(resource);
  const wanted = msg.pointer !== undefined ? msg.pointer.slice(pointerPrefix.length) : undefined;
  // A field the message names wins; else the field the rule read (not part of the fingerprint,
  // which stays on the message so that a policy edit that reads fields differently keeps it).
  const read = wanted === undefined && msg.readPointer?.startsWith(pointerPrefix) ? msg.readPointer.slice(pointerPrefix.length) : undefined;
  const pointer = wanted !== undefined ? nearestExisting(resource.object, wanted) : read !== undefined ? nearestExisting(resource.object, read) : undefined;
  const range = msg.line !== undefined ? { startLine: msg.line, startColumn: 1, endLine: msg.line, endColumn: 1 } : safeLocate(resource, pointer ?? '');
  const sev = msg.properties?.['severity'];
  const finding: Finding = {
    ruleId: rule.id,
    severity: typeof sev === 'string' && isSeverity(sev) ? sev : rule.severity,
    message: msg.message,
    resource: ref,
    file: resource.source.file,
    range,
    ...(pointer !== undefined ? { pointer } : {}),
    // Without a field, the message tells two findings of one rule on one resource apart.
    fingerprint: fingerprintOf({ ruleId: rule.id, file: resource.source.file, resource: ref, ...(wanted !== undefined ? { pointer: wanted } : { detail: msg.message }) }),
  };
  const properties = { ...(msg.properties ?? {}) };
  if (wanted !== undefined && pointer !== wanted) properties['missingPointer'] = wanted;
  if (Object.keys(properties).length) finding.properties = properties;
  return finding;
}

export class ConftestRunner {
  private readonly limitErrors = new Map<string, number>();
  private readonly disabled = new Set<string>();

  constructor(private readonly ctx: RunContext) {}

  /**
   * Evaluate every namespace on `input`; `locate(msg)` picks the resource (and the
   * pointer prefix to strip) a message belongs to.
   */
  private evaluate(input: unknown, file: string, errorResource: Resource, locate: (msg: RuleMessage) => { resource: Resource; prefix: string }, out: Finding[]): void {
    const data = this.ctx.dataFor(file);
    for (const ns of this.ctx.namespaces) {
      if (this.disabled.has(ns.pkg)) continue;
      const { exception, values, readPointers, errors } = evaluateNamespace(this.ctx, ns, input, data);
      const exempt = readExceptions(exception);
      const reported = new Set<string>();
      ns.rules.forEach((r, i) => {
        const err = errors.get(i);
        if (err) {
          const key = `${err.reason}@${err.where?.file}:${err.where?.line}`;
          if (reported.has(key)) return;
          reported.add(key);
          out.push(policyEvalError(errorResource, r.rule.id, err.where ?? { file: this.ctx.displayFile(r.file), line: r.line, col: 1 }, err.reason));
          if (err.limit) this.countLimit(ns, errorResource, out);
          return;
        }
        if (exempt.has(exceptionName(r.name))) return;
        for (const m of readMessages(values[i], input, readPointers[i])) {
          if ('problem' in m) {
            out.push(policyEvalError(errorResource, r.rule.id, { file: this.ctx.displayFile(r.file), line: r.line, col: 1 }, m.problem));
            continue;
          }
          const { resource, prefix } = locate(m);
          out.push(messageFinding(r.rule, resource, m, prefix));
        }
      });
    }
  }

  private countLimit(ns: Namespace, resource: Resource, out: Finding[]): void {
    const n = (this.limitErrors.get(ns.pkg) ?? 0) + 1;
    this.limitErrors.set(ns.pkg, n);
    if (n >= MAX_LIMIT_ERRORS) {
      this.disabled.add(ns.pkg);
      out.push(policyEvalError(resource, `rego/${ns.pkg}`, undefined, `namespace ${ns.pkg} hit the evaluation limits ${n} times; it is not evaluated on the remaining resources of this run`));
    }
  }

  /** Each resource is its own input (conftest evaluates each document separately). */
  runEach(resources: readonly Resource[]): Finding[] {
    const out: Finding[] = [];
    for (const r of resources) this.evaluate(r.object, r.source.file, r, () => ({ resource: r, prefix: '' }), out);
    return out;
  }

  /**
   * `--combine`: one input, `[{path, contents}]` sorted by path (one entry per
   * document, as conftest builds it). A message pointer `/<i>/contents/...` lands on
   * resource i; a message without one lands on the first resource.
   */
  runCombined(resources: readonly Resource[]): Finding[] {
    if (resources.length === 0) return [];
    const sorted = [...resources].map((r, i) => ({ r, i })).sort((a, b) => (a.r.source.file < b.r.source.file ? -1 : a.r.source.file > b.r.source.file ? 1 : a.i - b.i)).map((x) => x.r);
    const input = sorted.map((r) => ({ path: r.source.file, contents: r.object }));
    const out: Finding[] = [];
    this.evaluate(input, 'Combined', sorted[0]!, (m) => {
      const where = m.pointer ?? m.readPointer;
      const match = where !== undefined ? /^\/(\d+)(\/contents)?/.exec(where) : null;
      const idx = match ? Number(match[1]) : NaN;
      const resource = sorted[idx];
      if (!resource || !match) return { resource: sorted[0]!, prefix: where ?? '' };
      return { resource, prefix: match[0] };
    }, out);
    return out;
  }
}
