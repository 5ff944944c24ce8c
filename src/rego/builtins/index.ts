/**
 * Registers every builtin family. One import and one FAMILIES entry per family file.
 */
import { registerBuiltins, type BuiltinDef } from './registry.js';

export * from './registry.js';

const FAMILIES: readonly (readonly BuiltinDef[])[] = [
  // families are added here, one line each
];

let registered = false;

/** Register all builtin families (idempotent). */
export function registerAllBuiltins(): void {
  if (registered) return;
  registered = true;
  for (const family of FAMILIES) registerBuiltins(family);
}
