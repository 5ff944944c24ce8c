/**
 * Parsing of `git diff --unified=0` output: which lines of each file's new version were added or
 * edited. Only the `+++` headers and the hunk headers matter; with zero context lines a hunk's
 * new-side range is exactly the changed lines.
 */

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** new-side path -> changed line numbers (1-based) of that file's new version. */
export function changedLinesFromPatch(patch: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  // Body lines still to come in the current hunk: content such as `++ x` shows as `+++ x` there, not a header.
  let body = 0;
  for (const line of patch.split('\n')) {
    if (body > 0) {
      if (line.startsWith('+') || line.startsWith('-')) body--;
      continue; // `\ No newline at end of file` does not count
    }
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const file = newSidePath(line.slice(4));
      current = file === undefined ? undefined : (files.get(file) ?? new Set<number>());
      if (file !== undefined && current) files.set(file, current);
    } else if (line.startsWith('@@')) {
      const m = HUNK.exec(line);
      if (!m) continue;
      const removed = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      const count = m[3] === undefined ? 1 : Number(m[3]);
      body = removed + count;
      if (!current) continue;
      if (count === 0) {
        // A pure deletion after line `start`: the lines either side of the seam are what changed.
        if (start >= 1) current.add(start);
        current.add(start + 1);
      } else {
        for (let n = start; n < start + count; n++) current.add(n);
      }
    }
  }
  return files;
}

/** `b/path`, `"b/quoted\tpath"` or `/dev/null` (deleted) -> repository path, or undefined. */
function newSidePath(raw: string): string | undefined {
  const text = raw.replace(/\t$/, '');
  if (text === '/dev/null') return undefined;
  const path = text.startsWith('"') ? unquoteC(text) : text;
  return path.startsWith('b/') ? path.slice(2) : path;
}

/** git's C-style quoting of unusual file names: `"a\"b\\c\tnew\nline\303\251"`. */
export function unquoteC(quoted: string): string {
  const body = Array.from(quoted.slice(1, quoted.endsWith('"') ? -1 : undefined));
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4).join(''))![0];
      bytes.push(parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
