import { readFileSync, statSync } from 'node:fs';
import { stripBom } from './parse.js';

export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string };

const BINARY_SNIFF_BYTES = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a manifest file as UTF-8 text, refusing what cannot be a manifest instead of crashing on it. */
export function readManifestFile(absolutePath: string, maxBytes: number): ReadOutcome {
  let size: number;
  try {
    size = statSync(absolutePath).size;
  } catch (err) {
    return { ok: false, reason: `cannot read file: ${(err as Error).message}` };
  }
  if (size > maxBytes) {
    return { ok: false, reason: `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (raise it with --max-file-size)` };
  }
  let buffer: Buffer;
  try {
    buffer = readFileSync(absolutePath);
  } catch (err) {
    return { ok: false, reason: `cannot read file: ${(err as Error).message}` };
  }
  return decodeManifest(buffer);
}

export function decodeManifest(buffer: Uint8Array): ReadOutcome {
  const sniff = buffer.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, reason: 'file is binary (it contains NUL bytes), not YAML or JSON' };
  try {
    return { ok: true, text: stripBom(utf8.decode(buffer)) };
  } catch {
    return { ok: false, reason: 'file is not valid UTF-8 text' };
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
