/**
 * Messages between the host (main thread, host.ts) and the policy worker (worker.ts).
 * Everything here crosses a thread by structured clone: plain data only, no functions.
 */
import type { Rule, Severity, SourceRef } from '../../model/index.js';

/** A resource as the worker receives it: no `locate` (functions cannot cross threads). */
export interface WireResource {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  object: Record<string, unknown>;
  source: SourceRef;
  documentPointer: string;
}

/** A position in a user's source file (absolute real path, 1-based line and column). */
export interface SourceFrame {
  file: string;
  line: number;
  column: number;
}

/** An error thrown by user code, reduced to what a finding needs. */
export interface WireError {
  name: string;
  message: string;
  /** The innermost frame in the policy's own files (mapped back through the bundle's source map). */
  frame?: SourceFrame;
}

/** The source map of a bundle (version 3, `sources` as absolute paths). */
export interface WireSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
}

export interface LoadRequest {
  type: 'load';
  id: number;
  module: number;
  /** Name for messages (repository-relative display path). */
  display: string;
  /** The bundled ES module. */
  code: string;
  sourceMap: WireSourceMap;
  /** Characters added at the start of line 1 of a source (absolute path) by the compiler; subtracted when mapping. */
  lineOnePrefix: Record<string, number>;
}

export interface ResourcesRequest {
  type: 'resources';
  id: number;
  resources: WireResource[];
}

export interface CheckRequest {
  type: 'check';
  id: number;
  module: number;
  /** Index of the policy among the module's exported policies. */
  policy: number;
  /** `PolicyContext` as data: the repository view is rebuilt in the worker from its root. */
  context: { kubernetesVersion?: string; pssVersion?: string; repositoryRoot?: string; options: Record<string, unknown> };
}

export type HostMessage = LoadRequest | ResourcesRequest | CheckRequest;

/** What the worker tells about each policy a module exports: its checked rule, or why the rule is unusable. */
export type WirePolicy = ({ ok: true; rule: Rule } | { ok: false; id?: string; problem: string }) & { kinds: 'workloads' | string[] };

export interface WireViolation {
  /** Index into the resources of the run. */
  resource: number;
  message: string;
  /** Absolute JSON pointer into the resource object of what the violation is about (may not exist). */
  pointer: string;
  severity?: Severity;
  properties?: Record<string, unknown>;
}

export interface WireCheckError {
  resource: number;
  error: WireError;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'loaded'; id: number; policies: WirePolicy[] }
  | { type: 'load-failed'; id: number; reason: 'threw' | 'no-policy'; error: WireError }
  | { type: 'resources-ready'; id: number }
  | { type: 'checked'; id: number; violations: WireViolation[]; errors: WireCheckError[] }
  /** An error no check caught (a timer callback that threw, a rejected promise nobody awaited). */
  | { type: 'uncaught'; error: WireError };

/**
 * Shared progress slot: the worker stores the index of the resource it is checking (or -1), so
 * that after a time-out the host can tell which resource the policy was stuck on.
 */
export const PROGRESS_SLOTS = 1;
