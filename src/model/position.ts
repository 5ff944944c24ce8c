/** A 1-based, file-absolute span. `end*` points just past the last character of the span. */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A range for "the start of the file", used when nothing better is known. */
export const FILE_START: Range = Object.freeze({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });

/** RFC 6901 JSON pointer helpers. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function joinPointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '' ? [] : [''];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with '/'`);
  return pointer.slice(1).split('/').map(unescapePointerToken);
}

/**
 * The deepest prefix of `pointer` that exists in `doc` (a plain JSON value): findings about a
 * missing field point at its nearest existing parent. '' when the pointer is not valid.
 */
export function nearestExisting(doc: unknown, pointer: string): string {
  let tokens: string[];
  try {
    tokens = splitPointer(pointer);
  } catch {
    return '';
  }
  const found: string[] = [];
  let cur = doc;
  for (const tok of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(tok) || Number(tok) >= cur.length) break;
      cur = cur[Number(tok)];
    } else if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, tok) && (cur as Record<string, unknown>)[tok] !== undefined) {
      cur = (cur as Record<string, unknown>)[tok];
    } else break;
    found.push(tok);
  }
  return joinPointer(...found);
}
