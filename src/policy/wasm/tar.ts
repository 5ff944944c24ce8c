import { gunzipSync } from 'node:zlib';

/**
 * Reads the regular files of a gzip-compressed tar archive (an OPA bundle).
 * Only what bundles use: ustar/GNU headers, regular files, long names via
 * pax `path` records or GNU `L` entries. Bounded so a crafted archive cannot
 * exhaust memory; names with `..` are refused.
 */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;
const BLOCK = 512;

function field(buf: Buffer, off: number, len: number): string {
  const raw = buf.subarray(off, off + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8');
}

function octal(buf: Buffer, off: number, len: number): number {
  const s = field(buf, off, len).trim();
  const n = s ? parseInt(s, 8) : 0;
  if (!Number.isFinite(n) || n < 0) throw new Error('corrupt tar header (size)');
  return n;
}

/** Bundle paths as OPA names them: leading `/` and `./` removed. */
export function normaliseBundlePath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '');
}

export function readTarGz(gz: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(gz, { maxOutputLength: MAX_BUNDLE_BYTES });
  const files = new Map<string, Buffer>();
  let off = 0;
  let longName: string | undefined;
  while (off + BLOCK <= tar.length) {
    const header = tar.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    let name = field(header, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const start = off + BLOCK;
    const end = start + size;
    if (end > tar.length) throw new Error('truncated tar archive');
    const body = tar.subarray(start, end);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = field(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (longName !== undefined) {
      name = longName;
      longName = undefined;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const clean = normaliseBundlePath(name);
    if (clean.split('/').includes('..')) throw new Error(`bundle entry ${JSON.stringify(name)} leaves the bundle`);
    files.set(clean, Buffer.from(body));
  }
  return files;
}
