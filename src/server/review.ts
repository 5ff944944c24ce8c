/**
 * The AdmissionReview wire format (admission.k8s.io/v1 and v1beta1): validation of what the
 * API server sends, and the response envelope. Field facts: kubernetes.io apiserver-admission.v1.
 */

export const REVIEW_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type ReviewVersion = (typeof REVIEW_VERSIONS)[number];

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  object?: Record<string, unknown>;
  oldObject?: Record<string, unknown>;
  dryRun: boolean;
  username?: string;
}

export interface AdmissionReview {
  apiVersion: ReviewVersion;
  request: AdmissionRequest;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** A request that is not an AdmissionReview; the message is safe to return to the caller. */
export class ReviewError extends Error {}

const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
/** Kubernetes objects are shallow; anything deeper is hostile or broken, and recursion over it is a risk. */
export const MAX_OBJECT_DEPTH = 100;

export function parseReview(body: unknown): AdmissionReview {
  if (!isRecord(body)) throw new ReviewError('body must be a JSON object (an AdmissionReview)');
  if (body['kind'] !== 'AdmissionReview') throw new ReviewError('kind must be AdmissionReview');
  const apiVersion = body['apiVersion'];
  if (!(REVIEW_VERSIONS as readonly unknown[]).includes(apiVersion)) throw new ReviewError(`apiVersion must be one of ${REVIEW_VERSIONS.join(', ')}`);
  const request = body['request'];
  if (!isRecord(request)) throw new ReviewError('request is missing');
  const uid = request['uid'];
  if (typeof uid !== 'string' || uid === '' || uid.length > 256) throw new ReviewError('request.uid must be a non-empty string');
  const operation = request['operation'];
  if (typeof operation !== 'string' || !OPERATIONS.includes(operation)) throw new ReviewError('request.operation must be CREATE, UPDATE, DELETE or CONNECT');
  const kind = isRecord(request['kind']) ? request['kind'] : {};
  const parsed: AdmissionRequest = {
    uid,
    operation: operation as Operation,
    kind: { group: stringOr(kind['group'], ''), version: stringOr(kind['version'], ''), kind: stringOr(kind['kind'], '') },
    dryRun: request['dryRun'] === true,
  };
  for (const key of ['subResource', 'name', 'namespace'] as const) {
    const value = request[key];
    if (typeof value === 'string' && value !== '') parsed[key] = value;
  }
  const userInfo = request['userInfo'];
  if (isRecord(userInfo) && typeof userInfo['username'] === 'string') parsed.username = userInfo['username'];
  for (const key of ['object', 'oldObject'] as const) {
    const value = request[key];
    if (value === undefined || value === null) continue;
    if (!isRecord(value)) throw new ReviewError(`request.${key} must be an object`);
    if (deeperThan(value, MAX_OBJECT_DEPTH)) throw new ReviewError(`request.${key} is nested more than ${MAX_OBJECT_DEPTH} levels deep`);
    parsed[key] = value;
  }
  return { apiVersion: apiVersion as ReviewVersion, request: parsed };
}

/** The response envelope, in the version the request came in. */
export function reviewResponse(apiVersion: ReviewVersion, response: AdmissionResponse): Record<string, unknown> {
  return { apiVersion, kind: 'AdmissionReview', response };
}

/** Iterative depth check (no recursion over untrusted nesting). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v as Record<string, unknown>)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
