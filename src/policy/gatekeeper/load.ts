import { nearestExisting, type Finding, type Resource, type Rule } from '../../model/index.js';
import type { EvalLimits } from '../../rego/index.js';
import { DEFAULT_REGO_LIMITS, policyEvalError } from '../rego/index.js';
import { POLICY_ERROR_RULE } from '../ts/index.js';
import { loadConstraint, type LoadedConstraint } from './constraint.js';
import { evaluateTemplate, type EvalFailure, type RawViolation } from './evaluate.js';
import { findingOn, GATEKEEPER_PARAMETERS_RULE, GATEKEEPER_UNSUPPORTED_RULE, policyErrorOn } from './findings.js';
import { buildInventory, namespaceLabels } from './inventory.js';
import { constraintMatches, type MatchTarget } from './match.js';
import { isConstraint, isGatekeeperObject, isTemplate } from './objects.js';
import { compileParameterSchema, validateParameters } from './params.js';
import { createReview, type Review } from './review.js';
import { locateSafely } from './locate.js';
import { embeddedPosition, loadTemplate, type LoadedTemplate } from './template.js';

export interface GatekeeperOptions {
  /** repository root (finding paths are already relative in the resources) */
  root: string;
  /** guards per evaluation (one resource, one constraint) */
  limits?: EvalLimits;
}

export interface GatekeeperSet {
  /** one Rule per runnable constraint, plus policy/error and the gatekeeper/* rules when used */
  rules: Rule[];
  /** problems with templates and constraints (compile errors, parameter mismatches, CEL-only templates) */
  loadFindings: Finding[];
  /** Findings of every constraint on the resources (templates and constraints among them are skipped). */
  run(resources: readonly Resource[]): Finding[];
  templates: LoadedTemplate[];
  /** constraints that run (their template compiled and their parameters are valid) */
  constraints: LoadedConstraint[];
  /** Violations of one constraint on one review (for gator suites). */
  review(constraint: LoadedConstraint, review: Review, target: MatchTarget, data: Record<string, unknown>): { violations: RawViolation[] } | { error: EvalFailure };
}

/** After this many limit errors a constraint is not evaluated again in the run. */
const MAX_LIMIT_ERRORS = 3;

/** Where an engine error in a template's Rego is in the template file. */
function errorWhere(c: LoadedConstraint, f: EvalFailure): { file: string; line: number; col: number } {
  const t = c.template.resource;
  if (f.where) {
    const hash = f.where.file.indexOf('#');
    if (hash >= 0) {
      const at = embeddedPosition(t, f.where.file.slice(hash + 1), f.where.line, f.where.col);
      return { file: t.source.file, ...at };
    }
  }
  const r = locateSafely(t, '');
  return { file: t.source.file, line: r.startLine, col: r.startColumn };
}

function loadTemplates(resources: readonly Resource[], findings: Finding[]): Map<string, LoadedTemplate> {
  const byKind = new Map<string, LoadedTemplate>();
  for (const r of resources) {
    if (!isTemplate(r)) continue;
    const { template, problems } = loadTemplate(r);
    for (const p of problems) {
      if (p.unsupported) findings.push(findingOn(r, GATEKEEPER_UNSUPPORTED_RULE, p.pointer, p.message, { detail: p.message }));
      else findings.push(policyErrorOn(r, p.pointer, p.message, p.at));
    }
    if (!template) continue;
    const other = byKind.get(template.kind);
    if (other) {
      findings.push(policyErrorOn(r, '/spec/crd/spec/names/kind', `kind ${template.kind} is already defined by the ConstraintTemplate in ${other.resource.source.file}; this one is ignored`));
      continue;
    }
    byKind.set(template.kind, template);
  }
  return byKind;
}

function loadConstraints(resources: readonly Resource[], templates: Map<string, LoadedTemplate>, findings: Finding[]): LoadedConstraint[] {
  const out: LoadedConstraint[] = [];
  const schemas = new Map<LoadedTemplate, ReturnType<typeof compileParameterSchema>>();
  for (const r of resources) {
    if (!isConstraint(r)) continue;
    const template = templates.get(r.kind);
    if (!template) {
      findings.push(policyErrorOn(r, '/kind', `no ConstraintTemplate defines the constraint kind ${r.kind}; constraint ${r.name} is not checked`));
      continue;
    }
    if (!template.policy && !template.cel) continue;
    const { constraint, unknownAction } = loadConstraint(r, template);
    if (unknownAction !== undefined) findings.push(policyErrorOn(r, '/spec/enforcementAction', `unknown enforcementAction ${JSON.stringify(unknownAction)} (deny, warn, dryrun or scoped); treated as deny`));
    let schema = schemas.get(template);
    if (!schema) {
      schemas.set(template, (schema = compileParameterSchema(template.parameterSchema)));
      if (schema.error)
        findings.push(policyErrorOn(template.resource, '/spec/crd/spec/validation/openAPIV3Schema', `invalid parameter schema: ${schema.error}; constraints of kind ${template.kind} are not checked`));
    }
    if (schema.error) {
      continue;
    }
    if (schema.validate) {
      const problems = validateParameters(schema.validate, constraint.parameters);
      for (const p of problems) findings.push(findingOn(r, GATEKEEPER_PARAMETERS_RULE, p.pointer, `${r.kind} ${r.name}: ${p.message} (schema of ConstraintTemplate ${template.resource.name})`, { detail: p.message }));
      if (problems.length) continue;
    }
    out.push(constraint);
  }
  return out;
}

function targetOf(r: Resource, nsLabels: Map<string, Record<string, string>>): MatchTarget {
  const labels = r.namespace ? nsLabels.get(r.namespace) : undefined;
  return { apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), object: r.object, ...(labels ? { namespaceLabels: labels } : {}) };
}

/**
 * Gatekeeper ConstraintTemplates and Constraints found among `resources`: templates are
 * compiled once; `run` evaluates every matching constraint on each resource with
 * Gatekeeper's input (`input.review`, `input.parameters`, `data.inventory`). Never throws.
 */
export function loadGatekeeper(resources: readonly Resource[], options: GatekeeperOptions): GatekeeperSet {
  const limits = options.limits ?? DEFAULT_REGO_LIMITS;
  const loadFindings: Finding[] = [];
  const templates = loadTemplates(resources, loadFindings);
  const constraints = loadConstraints(resources, templates, loadFindings);

  const review: GatekeeperSet['review'] = (constraint, rev, target, data) => {
    if (!constraintMatches(constraint.match, target)) return { violations: [] };
    const r = evaluateTemplate(constraint.template, rev, constraint.parameters, data, limits);
    if ('error' in r) return r;
    if (r.problems.length) return { error: { reason: r.problems.join('; '), limit: false } };
    return { violations: r.violations };
  };

  const run = (all: readonly Resource[]): Finding[] => {
    if (constraints.length === 0) return [];
    const data = { inventory: buildInventory(all) };
    const nsLabels = namespaceLabels(all);
    const limitErrors = new Map<LoadedConstraint, number>();
    const out: Finding[] = [];
    for (const r of all) {
      if (isGatekeeperObject(r)) continue;
      const target = targetOf(r, nsLabels);
      const rev = createReview(r.object, r.apiVersion, r.kind, r.name, r.namespace);
      for (const c of constraints) {
        if ((limitErrors.get(c) ?? 0) >= MAX_LIMIT_ERRORS) continue;
        const res = review(c, rev, target, data);
        if ('error' in res) {
          out.push(policyEvalError(r, c.rule.id, errorWhere(c, res.error), res.error.reason));
          if (res.error.limit) {
            const n = (limitErrors.get(c) ?? 0) + 1;
            limitErrors.set(c, n);
            if (n >= MAX_LIMIT_ERRORS) out.push(policyEvalError(r, c.rule.id, undefined, `constraint ${c.name} hit the evaluation limits ${n} times; it is not evaluated on the remaining resources of this run`));
          }
          continue;
        }
        for (const v of res.violations) {
          out.push(
            findingOn(r, c.rule, v.readPointer !== undefined ? nearestExisting(r.object, v.readPointer) : '', v.msg, {
              detail: v.msg,
              properties: { constraint: `${c.template.kind}/${c.name}`, enforcementAction: c.action, constraintFile: c.resource.source.file, templateFile: c.template.resource.source.file, ...(v.details !== undefined ? { details: v.details } : {}) },
            }),
          );
        }
      }
    }
    return out;
  };

  const rules: Rule[] = constraints.map((c) => c.rule);
  rules.push(POLICY_ERROR_RULE);
  if (loadFindings.some((f) => f.ruleId === GATEKEEPER_UNSUPPORTED_RULE.id)) rules.push(GATEKEEPER_UNSUPPORTED_RULE);
  if (loadFindings.some((f) => f.ruleId === GATEKEEPER_PARAMETERS_RULE.id)) rules.push(GATEKEEPER_PARAMETERS_RULE);
  return { rules, loadFindings, run, templates: [...templates.values()], constraints, review };
}
