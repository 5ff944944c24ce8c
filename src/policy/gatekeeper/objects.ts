import type { Resource } from '../../model/index.js';

/** Facts of Gatekeeper's formats: API groups and the admission target name. */
export const TEMPLATE_GROUP = 'templates.gatekeeper.sh';
export const CONSTRAINT_GROUP = 'constraints.gatekeeper.sh';
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function versionOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

export function isTemplate(r: Pick<Resource, 'apiVersion' | 'kind'>): boolean {
  return r.kind === 'ConstraintTemplate' && (r.apiVersion === `${TEMPLATE_GROUP}/v1` || r.apiVersion === `${TEMPLATE_GROUP}/v1beta1` || r.apiVersion === `${TEMPLATE_GROUP}/v1alpha1`);
}

export function isConstraint(r: Pick<Resource, 'apiVersion'>): boolean {
  return groupOf(r.apiVersion) === CONSTRAINT_GROUP;
}

/** Templates and constraints configure the gate; they are not judged themselves. */
export function isGatekeeperObject(r: Pick<Resource, 'apiVersion' | 'kind'>): boolean {
  return isTemplate(r) || isConstraint(r);
}

export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function stringList(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === 'string');
}

/** `labels` of an object's metadata (string values only). */
export function labelsOf(object: unknown): Record<string, string> {
  const labels = asRecord(asRecord(asRecord(object)?.['metadata'])?.['labels']);
  const out: Record<string, string> = {};
  if (labels) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
