import { createRequire } from 'node:module';

/** The part of @open-policy-agent/opa-wasm syncgate uses (the package's own types are incomplete for ESM). */
export interface LoadedWasmPolicy {
  entrypoints: Record<string, number>;
  evaluate(input: unknown, entrypoint?: number | string): unknown;
  setData(data: object): void;
}

interface OpaWasmSdk {
  /** memory: a WebAssembly.Memory (or a descriptor / initial page count) */
  loadPolicySync(wasm: Uint8Array, memory?: unknown, customBuiltins?: Record<string, (...args: unknown[]) => unknown>): LoadedWasmPolicy;
}

const require = createRequire(import.meta.url);
let sdk: OpaWasmSdk | undefined;

export function opaWasmSdk(): OpaWasmSdk {
  sdk ??= require('@open-policy-agent/opa-wasm') as OpaWasmSdk;
  return sdk;
}

/** The SDK throws strings and plain objects as well as Errors. */
export function sdkErrorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}

/** A WebAssembly.Memory bounded to `maximum` pages (the Node typings here lack the WebAssembly JS API). */
export function boundedMemory(initial: number, maximum: number): unknown {
  const wa = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => unknown } }).WebAssembly;
  return new wa.Memory({ initial, maximum });
}
