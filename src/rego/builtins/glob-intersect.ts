/**
 * regex.globs_match: do two "glob-like" regular expressions (characters, `.`,
 * character classes, each optionally followed by `*` or `+`) match at least one
 * common string? Decided by a reachability search over the product of the two
 * patterns' automata.
 */
import { BuiltinError } from './registry.js';

/** A character set: ranges of code points, possibly negated; `any` for `.`. */
interface CharSet {
  any: boolean;
  negated: boolean;
  ranges: [number, number][];
}

interface Token {
  set: CharSet;
  repeat: boolean; // `*` form after expansion (`x+` becomes `x x*`)
}

function invalid(input: string, pos: number, what: string): BuiltinError {
  return new BuiltinError(`input:${input}, pos:${pos}, ${what}: the input provided is invalid`);
}

function parse(input: string): Token[] {
  const cps = [...input];
  const tokens: Token[] = [];
  let i = 0;
  const single = (cp: number): CharSet => ({ any: false, negated: false, ranges: [[cp, cp]] });
  while (i < cps.length) {
    const c = cps[i]!;
    let set: CharSet;
    if (c === '.') {
      set = { any: true, negated: false, ranges: [] };
      i++;
    } else if (c === '\\') {
      if (i + 1 >= cps.length) throw invalid(input, i + 1, "escape '\\' at end of input");
      set = single(cps[i + 1]!.codePointAt(0)!);
      i += 2;
    } else if (c === '[') {
      const start = i;
      i++;
      const negated = cps[i] === '^';
      if (negated) i++;
      const ranges: [number, number][] = [];
      let closed = false;
      while (i < cps.length) {
        let ch = cps[i]!;
        if (ch === ']') {
          closed = true;
          i++;
          break;
        }
        if (ch === '\\' && i + 1 < cps.length) {
          i++;
          ch = cps[i]!;
        }
        const lo = ch.codePointAt(0)!;
        if (cps[i + 1] === '-' && i + 2 < cps.length && cps[i + 2] !== ']') {
          let hiCh = cps[i + 2]!;
          let skip = 3;
          if (hiCh === '\\' && i + 3 < cps.length) {
            hiCh = cps[i + 3]!;
            skip = 4;
          }
          ranges.push([lo, hiCh.codePointAt(0)!]);
          i += skip;
        } else {
          ranges.push([lo, lo]);
          i++;
        }
      }
      if (!closed) throw invalid(input, start + 1, "set-open '[' with no closing ']'");
      set = { any: false, negated, ranges };
    } else if (c === ']') {
      throw invalid(input, i + 1, "set-close ']' with no preceding '['");
    } else if (c === '*' || c === '+') {
      throw invalid(input, i + 1, `flag '${c}' with no preceding token`);
    } else {
      set = single(c.codePointAt(0)!);
      i++;
    }
    const flag = cps[i];
    if (flag === '*') {
      tokens.push({ set, repeat: true });
      i++;
    } else if (flag === '+') {
      tokens.push({ set, repeat: false }, { set, repeat: true });
      i++;
    } else tokens.push({ set, repeat: false });
  }
  return tokens;
}

function inRanges(cp: number, ranges: [number, number][]): boolean {
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Some code point belongs to both sets. */
function intersects(a: CharSet, b: CharSet): boolean {
  if (a.any || b.any) return true;
  if (a.negated && b.negated) return true;
  if (a.negated) return intersects(b, a);
  if (!b.negated) return a.ranges.some(([lo, hi]) => b.ranges.some(([l2, h2]) => lo <= h2 && l2 <= hi));
  // a positive, b negated: some code point of a outside b's ranges
  for (const [lo, hi] of a.ranges) {
    let cp = lo;
    // walk past b's ranges covering cp
    for (let guard = 0; guard <= b.ranges.length && cp <= hi; guard++) {
      const cover = b.ranges.find(([l, h]) => cp >= l && cp <= h);
      if (!cover) return true;
      cp = cover[1] + 1;
    }
    if (cp <= hi && !inRanges(cp, b.ranges)) return true;
  }
  return false;
}

/** True when the two patterns accept a common string. */
export function globsIntersect(p1: string, p2: string): boolean {
  const a = parse(p1);
  const b = parse(p2);
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop()!;
    const id = i * width + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // a repeated token may be skipped
    if (ta?.repeat) stack.push([i + 1, j]);
    if (tb?.repeat) stack.push([i, j + 1]);
    // both consume one character
    if (ta && tb && intersects(ta.set, tb.set)) stack.push([ta.repeat ? i : i + 1, tb.repeat ? j : j + 1]);
  }
  return false;
}
