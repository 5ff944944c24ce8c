import { atLeast, describeResource, type Finding, type Resource, type Severity } from '../model/index.js';
import type { CompiledGate } from '../engine/index.js';
import { resourceFromAdmission } from './admission-resource.js';
import { describeFinding, limitedList, limitWarnings, safeMessage } from './messages.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

/** Rules tagged with this are also checked against the old object of a DELETE (otherwise deletes are allowed). */
export const DELETE_RULE_TAG = 'admission-delete';

export interface JudgeSettings {
  /** Allow (with a warning) when a policy throws or the time budget runs out; default: deny. */
  failOpen: boolean;
  /** The per-request budget, in milliseconds. */
  timeoutMs: number;
  /** When the budget ends (performance.now() time); default: timeoutMs after the checks start. */
  deadline?: number;
  now?: () => number;
}

/** What happened, for metrics and logs (the response is what the API server sees). */
export type Outcome = 'allowed' | 'denied' | 'skipped' | 'policy-error' | 'timeout' | 'internal-error';

export interface Judgement {
  response: AdmissionResponse;
  outcome: Outcome;
  /** Rule ids that denied the request, and rule ids that only warned. */
  deniedRules: string[];
  warnedRules: string[];
}

/** Judges one admission request with a compiled gate. Never rejects. */
export async function judge(request: AdmissionRequest, gate: CompiledGate, settings: JudgeSettings): Promise<Judgement> {
  const now = settings.now ?? (() => performance.now());
  const uid = request.uid;
  const target = targetOf(request, gate);
  if (!target) return { response: { uid, allowed: true }, outcome: 'skipped', deniedRules: [], warnedRules: [] };
  if (target === 'missing-object') {
    return deny(uid, 400, `syncgate: the ${request.operation} request carries no object to check`, 'denied', [], []);
  }
  const deadline = settings.deadline ?? now() + settings.timeoutMs;
  const timedOut = () => failure(uid, settings, 'timeout', `syncgate did not finish checking this object within ${settings.timeoutMs} ms`);
  let findings: Finding[];
  let resource: Resource;
  try {
    resource = resourceFromAdmission(target.object, { ...request.kind, ...(request.namespace ? { namespace: request.namespace } : {}), ...(request.name ? { name: request.name } : {}) });
    const result = await beforeDeadline(gate.check([resource]), deadline - now());
    if (result === TIMED_OUT) return timedOut();
    findings = result.findings.filter((f) => !f.waiver && (!target.onlyRules || target.onlyRules.has(f.ruleId)));
  } catch {
    return failure(uid, settings, 'internal-error', 'syncgate could not check this object (internal error)');
  }
  // In-thread checks cannot be interrupted; they are judged late instead.
  if (now() > deadline) return timedOut();
  const what = describeResource(resource);
  const serverPaths = serverPathsOf(gate);
  const policyErrors = findings.filter((f) => f.ruleId === 'policy/error');
  const judged = settings.failOpen ? findings.filter((f) => f.ruleId !== 'policy/error') : findings;
  const failOn: Severity = gate.options.failOn;
  const failing = judged.filter((f) => atLeast(f.severity, failOn));
  const lower = judged.filter((f) => !atLeast(f.severity, failOn));
  const warnings = [
    ...(settings.failOpen ? policyErrors.map((f) => `syncgate (fail-open): ${safeMessage(f)}`) : []),
    ...lower.map((f) => `${f.ruleId}: ${safeMessage(f, serverPaths)}${f.pointer ? ` (${f.pointer})` : ''}`),
  ];
  const deniedRules = unique(failing.map((f) => f.ruleId));
  const warnedRules = unique(lower.map((f) => f.ruleId));
  const auditAnnotations: Record<string, string> = {};
  if (deniedRules.length) auditAnnotations['denied-rules'] = deniedRules.join(',');
  if (warnedRules.length) auditAnnotations['warned-rules'] = warnedRules.join(',');
  if (settings.failOpen && policyErrors.length) auditAnnotations['fail-open'] = unique(policyErrors.map((f) => String(f.properties?.['policy'] ?? 'policy'))).join(',');
  const extras = {
    ...(warnings.length ? { warnings: limitWarnings(warnings) } : {}),
    ...(Object.keys(auditAnnotations).length ? { auditAnnotations } : {}),
  };
  if (failing.length === 0) {
    return { response: { uid, allowed: true, ...extras }, outcome: 'allowed', deniedRules, warnedRules };
  }
  const header = `syncgate denied ${what}: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above ${failOn}`;
  const message = limitedList(header, failing.map((f) => describeFinding(f, serverPaths)));
  const outcome: Outcome = failing.some((f) => f.ruleId === 'policy/error') ? 'policy-error' : 'denied';
  return { response: { uid, allowed: false, status: { code: 403, message }, ...extras }, outcome, deniedRules, warnedRules };
}

/** The answer when the checks could not finish: allow with a warning (fail-open) or deny (fail-closed). */
export function failure(uid: string, settings: Pick<JudgeSettings, 'failOpen'>, outcome: Outcome, reason: string): Judgement {
  if (settings.failOpen) {
    return {
      response: { uid, allowed: true, warnings: [`${reason}; allowed because the gate fails open`], auditAnnotations: { 'fail-open': outcome } },
      outcome,
      deniedRules: [],
      warnedRules: [],
    };
  }
  return deny(uid, 500, `${reason}; denied because the gate fails closed`, outcome, [], []);
}

function deny(uid: string, code: number, message: string, outcome: Outcome, deniedRules: string[], warnedRules: string[]): Judgement {
  return { response: { uid, allowed: false, status: { code, message } }, outcome, deniedRules, warnedRules };
}

const TIMED_OUT = Symbol('timed out');

/** The check's result, or TIMED_OUT when the deadline comes first (a late result is dropped). */
function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  if (ms <= 0) {
    work.catch(() => undefined);
    return Promise.resolve(TIMED_OUT);
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  work.catch(() => undefined);
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

type Target = { object: Record<string, unknown>; onlyRules?: Set<string> };

/** What to check: the new object on CREATE/UPDATE; on DELETE the old object, and only for rules that ask. */
function targetOf(request: AdmissionRequest, gate: CompiledGate): Target | 'missing-object' | undefined {
  // Subresources (status, scale, ...) are not manifests a repository defines.
  if (request.subResource) return undefined;
  switch (request.operation) {
    case 'CREATE':
      return request.object ? { object: request.object } : 'missing-object';
    case 'UPDATE':
      if (!request.object) return 'missing-object';
      // An object being deleted is updated only to drop finalizers: denying that would leave it stuck.
      if (isBeingDeleted(request.object)) return undefined;
      return { object: request.object };
    case 'DELETE': {
      const onlyRules = new Set(gate.rules.filter((r) => r.tags.includes(DELETE_RULE_TAG)).map((r) => r.id));
      if (onlyRules.size === 0 || !request.oldObject) return undefined;
      return { object: request.oldObject, onlyRules };
    }
    default:
      return undefined;
  }
}

/** Directories of the server whose paths must not reach the API server's clients. */
function serverPathsOf(gate: CompiledGate): string[] {
  const o = gate.options;
  const dirs = [o.root, process.cwd(), ...o.schemaLocations, ...o.crdPaths].filter((p) => p.startsWith('/'));
  // Longest first, so that a nested directory is masked whole.
  return [...new Set(dirs.map((d) => d.replace(/\/+$/, '')))].sort((a, b) => b.length - a.length);
}

function isBeingDeleted(object: Record<string, unknown>): boolean {
  const metadata = object['metadata'];
  return typeof metadata === 'object' && metadata !== null && typeof (metadata as Record<string, unknown>)['deletionTimestamp'] === 'string';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
