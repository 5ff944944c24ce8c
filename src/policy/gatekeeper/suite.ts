import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Resource } from '../../model/index.js';
import { walkFiles } from '../rego/index.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';
import { checkAssertion } from './assertions.js';
import { GATEKEEPER_PARAMETERS_RULE } from './findings.js';
import { buildInventory, namespaceLabels } from './inventory.js';
import { loadGatekeeper } from './load.js';
import { locateSafely } from './locate.js';
import type { MatchTarget } from './match.js';
import { asArray, asRecord, asString, stringList } from './objects.js';
import { createReview, type Review } from './review.js';
import { resolveInside, YamlFiles } from './yaml-files.js';

/** Shapes of src/cli/test.ts (structurally the same, so the runner plugs into `testCommand`). */
export interface SuiteCaseResult {
  runner: string;
  name: string;
  file: string;
  line: number;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  message?: string;
  output?: string[];
  durationMs: number;
}
export interface SuiteLoadError {
  runner: string;
  file: string;
  line: number;
  col: number;
  message: string;
}
export interface SuiteRunResult {
  cases: SuiteCaseResult[];
  errors: SuiteLoadError[];
}
export interface SuiteRunContext {
  root: string;
  dirs: string[];
  filter?: RegExp;
}

const RUNNER = 'gator';
export const SUITE_API_VERSION = 'test.gatekeeper.sh/v1alpha1';

function isSuite(r: Resource): boolean {
  return r.kind === 'Suite' && r.apiVersion === SUITE_API_VERSION;
}

/** The review and match target of a case object: a manifest, or an AdmissionReview's request. */
function reviewOf(obj: Resource): { review: Review; target: MatchTarget } | { problem: string } {
  if (obj.kind === 'AdmissionReview') {
    const req = asRecord(obj.object['request']);
    if (!req) return { problem: 'AdmissionReview without request' };
    const object = asRecord(req['object']) ?? null;
    const oldObject = asRecord(req['oldObject']) ?? null;
    const subject = object ?? oldObject;
    if (!subject) return { problem: 'AdmissionReview request has neither object nor oldObject' };
    const kindRec = asRecord(req['kind']);
    const meta = asRecord(subject['metadata']);
    const apiVersion = asString(subject['apiVersion']) ?? '';
    const kind = asString(kindRec?.['kind']) ?? asString(subject['kind']) ?? '';
    const name = asString(req['name']) ?? asString(meta?.['name']) ?? '';
    const namespace = asString(req['namespace']) ?? asString(meta?.['namespace']);
    const review = createReview(object ?? {}, apiVersion, kind, name, namespace);
    review.object = object;
    review.oldObject = oldObject;
    review.operation = asString(req['operation']) ?? 'CREATE';
    review.userInfo = asRecord(req['userInfo']) ?? {};
    if (kindRec) review.kind = { group: asString(kindRec['group']) ?? '', version: asString(kindRec['version']) ?? '', kind };
    return { review, target: { apiVersion, kind, name, ...(namespace ? { namespace } : {}), object: subject } };
  }
  return {
    review: createReview(obj.object, obj.apiVersion, obj.kind, obj.name, obj.namespace),
    target: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.name, ...(obj.namespace ? { namespace: obj.namespace } : {}), object: obj.object },
  };
}

class SuiteRun {
  readonly cases: SuiteCaseResult[] = [];
  readonly errors: SuiteLoadError[] = [];

  constructor(
    private readonly ctx: SuiteRunContext,
    private readonly files: YamlFiles,
  ) {}

  private loadError(suite: Resource, pointer: string, message: string): void {
    const r = locateSafely(suite, pointer);
    this.errors.push({ runner: RUNNER, file: suite.source.file, line: r.startLine, col: r.startColumn, message });
  }

  /** Resources of a path named at `pointer` of the suite; undefined (with an error) when unusable. */
  private resources(suite: Resource, suiteAbs: string, pointer: string, rel: unknown): Resource[] | undefined {
    if (typeof rel !== 'string' || !rel) {
      this.loadError(suite, pointer, `${pointer.split('/').pop()} must be a path relative to the suite file`);
      return undefined;
    }
    const abs = resolveInside(this.ctx.root, suiteAbs, rel);
    if (!abs) {
      this.loadError(suite, pointer, `${rel} is outside the repository root; not read`);
      return undefined;
    }
    const got = this.files.read(abs);
    if (got.problem) {
      this.loadError(suite, pointer, got.problem);
      return undefined;
    }
    return got.resources;
  }

  runSuite(suite: Resource, suiteAbs: string): void {
    const tests = asArray(suite.object['tests']);
    tests.forEach((t, i) => this.runTest(suite, suiteAbs, asRecord(t) ?? {}, `/tests/${i}`));
  }

  private push(suite: Resource, pointer: string, name: string, outcome: SuiteCaseResult['outcome'], started: number, detail?: string): void {
    const line = locateSafely(suite, pointer).startLine;
    const res: SuiteCaseResult = { runner: RUNNER, name, file: suite.source.file, line, outcome, durationMs: performance.now() - started };
    if (detail !== undefined) {
      if (outcome === 'error' || outcome === 'skip') res.message = detail;
      else res.output = [detail];
    }
    this.cases.push(res);
  }

  private runTest(suite: Resource, suiteAbs: string, test: Record<string, unknown>, tp: string): void {
    const testName = asString(test['name']) ?? tp;
    const cases = asArray(test['cases']);
    const wanted = (caseName: string): boolean => !this.ctx.filter || this.ctx.filter.test(`${testName}/${caseName}`);
    const started = performance.now();
    if (test['skip'] === true) {
      if (wanted('')) this.push(suite, tp, testName, 'skip', started, 'skip: true');
      return;
    }
    if (test['expansion'] !== undefined) {
      if (wanted('')) this.push(suite, tp, testName, 'skip', started, 'expansion (ExpansionTemplate) is not supported yet');
      return;
    }
    if (!cases.some((c, j) => wanted(asString(asRecord(c)?.['name']) ?? String(j))) && !(test['invalid'] === true && wanted(''))) return;
    const template = this.resources(suite, suiteAbs, `${tp}/template`, test['template']);
    const constraint = test['constraint'] === undefined && test['invalid'] === true ? [] : this.resources(suite, suiteAbs, `${tp}/constraint`, test['constraint']);
    if (!template || !constraint) return;
    const gk = loadGatekeeper([...template, ...constraint], { root: this.ctx.root });
    const rejected = gk.loadFindings.filter((f) => f.ruleId === POLICY_ERROR_RULE.id || f.ruleId === GATEKEEPER_PARAMETERS_RULE.id);
    if (test['invalid'] === true) {
      const outcome = rejected.length > 0 ? 'pass' : 'fail';
      this.push(suite, tp, testName, outcome, started, outcome === 'fail' ? 'want the template or constraint to be rejected, but both loaded' : undefined);
      return;
    }
    const unsupported = gk.templates.find((x) => x.celOnly && !x.cel);
    const c = gk.constraints[0];
    if (!c) {
      const why = rejected.map((f) => `${f.file}:${f.range.startLine}:${f.range.startColumn}: ${f.message}`).join('; ');
      if (unsupported && !why) this.push(suite, tp, testName, 'skip', started, 'template has only CEL code (K8sNativeValidation) that uses what syncgate does not provide yet (see gatekeeper/unsupported)');
      else this.loadError(suite, tp, `test ${testName}: ${why || 'no constraint to run (the constraint file holds none)'}`);
      return;
    }
    cases.forEach((raw, j) => {
      const cp = `${tp}/cases/${j}`;
      const k = asRecord(raw) ?? {};
      const caseName = asString(k['name']) ?? String(j);
      if (!wanted(caseName)) return;
      this.runCase(suite, suiteAbs, gk, c, k, cp, `${testName}/${caseName}`);
    });
  }

  private runCase(suite: Resource, suiteAbs: string, gk: ReturnType<typeof loadGatekeeper>, c: ReturnType<typeof loadGatekeeper>['constraints'][number], k: Record<string, unknown>, cp: string, name: string): void {
    const started = performance.now();
    if (k['skip'] === true) return this.push(suite, cp, name, 'skip', started, 'skip: true');
    const objects = this.resources(suite, suiteAbs, `${cp}/object`, k['object']);
    if (!objects) return this.push(suite, cp, name, 'error', started, 'object could not be read');
    const obj = objects[0];
    if (!obj) return this.push(suite, cp, name, 'error', started, 'object file holds no object');
    const inventory: Resource[] = [];
    for (const [n, p] of stringList(k['inventory']).entries()) {
      const got = this.resources(suite, suiteAbs, `${cp}/inventory/${n}`, p);
      if (!got) return this.push(suite, cp, name, 'error', started, 'inventory could not be read');
      inventory.push(...got);
    }
    const rv = reviewOf(obj);
    if ('problem' in rv) return this.push(suite, cp, name, 'error', started, rv.problem);
    const labels = rv.target.namespace ? namespaceLabels(inventory).get(rv.target.namespace) : undefined;
    if (labels) rv.target.namespaceLabels = labels;
    const res = gk.review(c, rv.review, rv.target, { inventory: buildInventory(inventory) });
    if ('error' in res) return this.push(suite, cp, name, 'error', started, res.error.reason);
    const failures: string[] = [];
    asArray(k['assertions']).forEach((a, n) => {
      const why = checkAssertion(a, res.violations);
      if (why) failures.push(`assertion ${n}: ${why}`);
    });
    this.push(suite, cp, name, failures.length ? 'fail' : 'pass', started, failures.length ? failures.join('\n') : undefined);
  }
}

/** Runs every gator Suite (`kind: Suite`, `apiVersion: test.gatekeeper.sh/v1alpha1`) under the directories. */
export function runGatorSuites(ctx: SuiteRunContext): SuiteRunResult {
  const files = new YamlFiles(ctx.root);
  const run = new SuiteRun(ctx, files);
  const problems: Parameters<typeof walkFiles>[2] = [];
  const seen = new Set<string>();
  for (const dir of ctx.dirs) {
    for (const f of walkFiles(dir, (n) => /\.ya?ml$/i.test(n), problems)) {
      const abs = path.resolve(f.path);
      if (seen.has(abs)) continue;
      seen.add(abs);
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      // Files without the Suite apiVersion are ignored, as gator does.
      if (!text.includes(SUITE_API_VERSION)) continue;
      for (const r of files.read(abs).resources) if (isSuite(r)) run.runSuite(r, abs);
    }
  }
  for (const p of problems) run.errors.push({ runner: RUNNER, file: files.display(p.path), line: 1, col: 1, message: p.message });
  return { cases: run.cases, errors: run.errors };
}

/** The `syncgate test` plug-in: `testCommand([regoTestRunner, gatorTestRunner])`. */
export const gatorTestRunner = {
  name: RUNNER,
  run(ctx: SuiteRunContext): SuiteRunResult {
    return runGatorSuites(ctx);
  },
};
