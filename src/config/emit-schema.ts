/**
 * Writes docs/config.schema.json from CONFIG_SCHEMA: `npx tsx src/config/emit-schema.ts`.
 * A test fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { editorSchema } from './schema.js';

export function renderEditorSchema(): string {
  return JSON.stringify(editorSchema(), null, 2) + '\n';
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/config.schema.json');
  writeFileSync(out, renderEditorSchema());
  process.stdout.write(`wrote ${out}\n`);
}
