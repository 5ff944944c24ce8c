import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared test corpus beside the project (absent in a user's clone: tests skip with a reason). */
export const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
export const HAS_CORPUS = existsSync(CORPUS);
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function corpusPath(...parts: string[]): string {
  return path.join(CORPUS, ...parts);
}

export function warnIfNoCorpus(what: string): void {
  if (!HAS_CORPUS) console.warn(`skipping ${what}: the shared corpus (${CORPUS}) is absent`);
}
