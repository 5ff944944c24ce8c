/**
 * GitHub's `primaryLocationLineHash`, as `github/codeql-action` (src/fingerprints.ts) computes it when a
 * SARIF upload lacks one: for every line, a polynomial rolling hash (base 37, 64-bit wrap-around) over a
 * window of the next 100 characters of the file starting at that line, where spaces and tabs are skipped
 * and CRLF/CR count as one LF; the value is printed as unsigned hex and suffixed with `:<n>`, the
 * n-th time that hash value occurs in the file. Emitting the same values as upload-sarif means uploads
 * through the API and through the action give the same alerts.
 *
 * Returns a function from 1-based line number to hash (undefined past the end of the file).
 */
export function lineHashes(text: string): (line: number) => string | undefined {
  const byLine = computeLineHashes(text);
  return (line) => byLine[line - 1];
}

const WINDOW = 100;
const BASE = 37n;
const MASK = (1n << 64n) - 1n;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** The end-of-input marker the algorithm feeds after the last character. */
const END = 0xffff;

function computeLineHashes(text: string): string[] {
  const hashes: string[] = [];
  const occurrences = new Map<string, number>();
  const window = new Array<number>(WINDOW).fill(0);
  // For each window slot: the line that starts at the character in that slot, or 0.
  const lineAt = new Array<number>(WINDOW).fill(0);
  const dropFactor = pow(BASE, WINDOW);
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const hex = hash.toString(16);
    const n = (occurrences.get(hex) ?? 0) + 1;
    occurrences.set(hex, n);
    hashes[lineAt[slot]! - 1] = `${hex}:${n}`;
    lineAt[slot] = 0;
  };
  const push = (code: number) => {
    const leaving = window[slot]!;
    window[slot] = code;
    hash = (BASE * hash + BigInt(code) - dropFactor * BigInt(leaving)) & MASK;
    slot = (slot + 1) % WINDOW;
  };
  const feed = (code: number) => {
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    if (code === CR) {
      code = LF;
      afterCR = true;
    } else afterCR = false;
    // The slot about to be overwritten held the first character of a line 100 characters ago: its window is complete.
    if (lineAt[slot] !== 0) emit();
    if (atLineStart) {
      atLineStart = false;
      line++;
      lineAt[slot] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) feed(text.charCodeAt(i));
  feed(END);
  for (let i = 0; i < WINDOW; i++) {
    if (lineAt[slot] !== 0) emit();
    push(0);
  }
  return hashes;
}

function pow(base: bigint, exp: number): bigint {
  let r = 1n;
  for (let i = 0; i < exp; i++) r = (r * base) & MASK;
  return r;
}
