import { fingerprintOf, toResourceRef, type Finding, type Range, type Resource, type Severity } from '../../src/model/index.js';

export interface ResourceSpec {
  kind?: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
  file?: string;
  annotations?: Record<string, string>;
  /** Line of each pointer for the fake locator (default 1). */
  lines?: Record<string, number>;
}

/** A Resource built by hand with a fake `locate` that answers from `lines`. */
export function resource(spec: ResourceSpec = {}): Resource {
  const metadata: Record<string, unknown> = { name: spec.name ?? 'web' };
  if (spec.namespace !== undefined) metadata['namespace'] = spec.namespace;
  if (spec.annotations) metadata['annotations'] = spec.annotations;
  const r: Resource = {
    apiVersion: spec.apiVersion ?? 'apps/v1',
    kind: spec.kind ?? 'Deployment',
    name: spec.name ?? 'web',
    object: { apiVersion: spec.apiVersion ?? 'apps/v1', kind: spec.kind ?? 'Deployment', metadata },
    source: { file: spec.file ?? 'deploy/web.yaml', docIndex: 0 },
    documentPointer: '',
    locate: (pointer: string): Range => {
      const line = spec.lines?.[pointer] ?? 1;
      return { startLine: line, startColumn: 5, endLine: line, endColumn: 20 };
    },
  };
  if (spec.namespace !== undefined) r.namespace = spec.namespace;
  return r;
}

/** A finding on a resource (or on a file when `on` is a string), with the model's fingerprint. */
export function finding(ruleId: string, on: Resource | string, opts: { pointer?: string; line?: number; severity?: Severity; message?: string } = {}): Finding {
  const file = typeof on === 'string' ? on : on.source.file;
  const line = opts.line ?? 10;
  const f: Finding = {
    ruleId,
    severity: opts.severity ?? 'high',
    message: opts.message ?? `${ruleId} failed`,
    file,
    range: { startLine: line, startColumn: 7, endLine: line, endColumn: 20 },
    fingerprint: '',
  };
  if (typeof on !== 'string') f.resource = toResourceRef(on);
  if (opts.pointer !== undefined) f.pointer = opts.pointer;
  f.fingerprint = fingerprintOf({ ruleId, file, ...(f.resource ? { resource: f.resource } : {}), ...(opts.pointer ? { pointer: opts.pointer } : { detail: f.message }) });
  return f;
}

export const NOW = new Date('2026-06-15T12:00:00Z');
