/**
 * Runner for OPA's conformance cases (the JSON form of OPA's
 * v1/test/cases/testdata/v1): compile modules, evaluate the query, compare the
 * result set (unordered) or the expected error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compilePolicy } from '../policy.js';
import { RegoCompileErrors, RegoError } from '../errors.js';
import { compare, equals, formatValue, isArray, isObject, isSet, ObjectValue, parseJSON, toJSONText, type Value } from '../value.js';

export interface ConformanceCase {
  note: string;
  query: string;
  modules?: string[];
  data?: Value;
  input?: Value;
  input_term?: string;
  want_result?: Value[];
  want_error?: string;
  want_error_code?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
}

export type FolderGroup = 'language' | 'core' | 'optional';

const LANGUAGE = new Set([
  'assignments', 'baseandvirtualdocs', 'comparisonexpr', 'completedoc', 'compositebasedereference', 'compositereferences',
  'comprehensions', 'containskeyword', 'dataderef', 'defaultkeyword', 'disjunction', 'elsekeyword', 'embeddedvirtualdoc',
  'eqexpr', 'evaltermexpr', 'every', 'example', 'fix1863', 'functionerrors', 'functions', 'helloworld', 'indexing',
  'indirectreferences', 'inputvalues', 'invalidkeyerror', 'keywordrefs', 'negation', 'nestedreferences',
  'partialdocconstants', 'partialiter', 'partialobjectdoc', 'partialsetdoc', 'planner-ir', 'refheads',
  'stringinterpolation', 'topdowndynamicdispatch', 'undos', 'varreferences', 'virtualdocs', 'withkeyword', 'arithmetic',
]);

const OPTIONAL_PREFIXES = ['crypto', 'jwt', 'graphql', 'providers-aws', 'netlookupipaddr', 'regometadata', 'rendertemplate', 'http'];

export function folderGroup(folder: string): FolderGroup {
  if (LANGUAGE.has(folder)) return 'language';
  if (OPTIONAL_PREFIXES.some((p) => folder.startsWith(p))) return 'optional';
  return 'core';
}

export interface CaseFile {
  folder: string;
  file: string;
  cases: ConformanceCase[];
}

/** Read every case file below root (folder/file.json), numbers kept exact. */
export function loadCaseFiles(root: string): CaseFile[] {
  const out: CaseFile[] = [];
  for (const folder of readdirSync(root).sort()) {
    const dir = join(root, folder);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const doc = parseJSON(readFileSync(join(dir, file), 'utf8'));
      const cases = isObject(doc) ? doc.get('cases') : undefined;
      if (!isArray(cases)) continue;
      out.push({ folder, file, cases: cases.map(toCase) });
    }
  }
  return out;
}

function toCase(v: Value): ConformanceCase {
  const o = v as ObjectValue;
  const get = (k: string) => o.get(k);
  return {
    note: String(get('note')),
    query: String(get('query')),
    modules: (get('modules') as string[] | undefined) ?? [],
    data: get('data'),
    input: get('input'),
    input_term: get('input_term') as string | undefined,
    want_result: get('want_result') as Value[] | undefined,
    want_error: get('want_error') as string | undefined,
    want_error_code: get('want_error_code') as string | undefined,
    strict_error: get('strict_error') === true,
    sort_bindings: get('sort_bindings') === true,
  };
}

/** Sets become sorted arrays, non-string object keys become their text (as OPA's JSON output). */
function normalize(v: Value): Value {
  if (isSet(v)) return v.sorted().map(normalize);
  if (isArray(v)) return v.map(normalize);
  if (isObject(v)) {
    const o = new ObjectValue();
    for (const [k, x] of v.entries()) o.set(typeof k === 'string' ? k : toJSONText(k), normalize(x));
    return o;
  }
  return v;
}

function sortBindings(b: Value): Value {
  if (!isObject(b)) return b;
  const o = new ObjectValue();
  for (const [k, v] of b.entries()) o.set(k, isArray(v) ? [...v].sort(compare) : v);
  return o;
}

export interface CaseResult {
  ok: boolean;
  detail?: string;
}

export function runCase(c: ConformanceCase): CaseResult {
  const wantsError = c.want_error !== undefined || c.want_error_code !== undefined;
  let results: Record<string, Value>[];
  try {
    const policy = compilePolicy((c.modules ?? []).map((source, i) => ({ file: `test-${i}.rego`, source })));
    let input = c.input;
    if (c.input_term !== undefined) {
      const r = compilePolicy([]).evaluate(`inputterm = ${c.input_term}`);
      input = r[0]?.inputterm;
    }
    results = policy.evaluate(c.query, {
      input,
      data: c.data,
      strictBuiltinErrors: c.strict_error,
      limits: { timeoutMs: 3000 },
      nowNs: 1_700_000_000_000_000_000n,
    });
  } catch (e) {
    const err = e instanceof RegoCompileErrors ? e.errors[0]! : e;
    const message = e instanceof Error ? e.message : String(e);
    if (!wantsError) return { ok: false, detail: `unexpected error: ${message}` };
    if (c.want_error_code && !(err instanceof RegoError && err.code === c.want_error_code) && !(e instanceof RegoCompileErrors && e.errors.some((x) => x.code === c.want_error_code))) {
      return { ok: false, detail: `want code ${c.want_error_code}, got: ${message}` };
    }
    if (c.want_error && !message.includes(c.want_error)) return { ok: false, detail: `want error containing ${JSON.stringify(c.want_error)}, got: ${message}` };
    return { ok: true };
  }
  if (wantsError) return { ok: false, detail: `want error ${c.want_error_code ?? ''} ${c.want_error ?? ''}, got ${results.length} results` };
  if (c.want_result === undefined) return { ok: true };
  let got = results.map((r) => normalize(ObjectValue.fromRecord(r)));
  let want = c.want_result.map(normalize);
  if (c.sort_bindings) {
    got = got.map(sortBindings);
    want = want.map(sortBindings);
  }
  const remaining = [...got];
  for (const w of want) {
    const i = remaining.findIndex((g) => equals(g, w));
    if (i < 0) return { ok: false, detail: `missing ${formatValue(w)}; got ${got.map(formatValue).join(' | ')}` };
    remaining.splice(i, 1);
  }
  if (remaining.length) return { ok: false, detail: `unexpected ${remaining.map(formatValue).join(' | ')}` };
  return { ok: true };
}

export interface FolderStats {
  folder: string;
  group: FolderGroup;
  passed: number;
  total: number;
  failures: { note: string; detail: string }[];
}

export function runAll(root: string, onlyFolder?: string): FolderStats[] {
  const stats = new Map<string, FolderStats>();
  for (const f of loadCaseFiles(root)) {
    if (onlyFolder && f.folder !== onlyFolder) continue;
    let s = stats.get(f.folder);
    if (!s) stats.set(f.folder, (s = { folder: f.folder, group: folderGroup(f.folder), passed: 0, total: 0, failures: [] }));
    for (const c of f.cases) {
      s.total++;
      let r: CaseResult;
      try {
        r = runCase(c);
      } catch (e) {
        r = { ok: false, detail: `crash: ${(e as Error).stack ?? e}` };
      }
      if (r.ok) s.passed++;
      else s.failures.push({ note: c.note, detail: r.detail ?? '' });
    }
  }
  return [...stats.values()];
}
