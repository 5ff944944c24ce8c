import { FORMAT_NAMES, type FormatName } from './options.js';

export function isFormatName(s: string): s is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(s);
}

/** `sarif=out.sarif` -> { format: 'sarif', file: 'out.sarif' }; `text` -> { format: 'text' }. */
export function parseFormatSpec(spec: string): { format: FormatName; file?: string } {
  const eq = spec.indexOf('=');
  const name = (eq === -1 ? spec : spec.slice(0, eq)).trim();
  if (!isFormatName(name)) {
    throw new Error(`unknown output format ${JSON.stringify(name)} in "${spec}": valid formats are ${FORMAT_NAMES.join(', ')}`);
  }
  if (eq === -1) return { format: name };
  const file = spec.slice(eq + 1).trim();
  if (file === '') throw new Error(`output format "${spec}" has "=" but no file name: write ${name}=<file>, or just ${name} for standard output`);
  return { format: name, file };
}
