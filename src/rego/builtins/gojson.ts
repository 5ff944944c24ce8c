/**
 * JSON text as Go's encoding/json writes it for OPA values: object keys sorted,
 * sets as sorted arrays, numbers with every digit, strings with Go's escaping
 * (`<`, `>`, `&`, U+2028 and U+2029 escaped), optional MarshalIndent layout.
 */
import { isArray, isNumber, isSet, type Value } from '../value.js';
import { numToString } from '../number.js';

/** A string as Go's json.Marshal quotes it (HTML-safe). */
export function goJSONString(s: string): string {
  return JSON.stringify(s)
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal (indent undefined) or json.MarshalIndent(v, prefix, indent). */
export function goJSON(v: Value, prefix?: string, indent?: string): string {
  const pretty = indent !== undefined || prefix !== undefined;
  const pre = prefix ?? '';
  const ind = indent ?? '';
  const write = (x: Value, depth: number): string => {
    if (x === null) return 'null';
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    if (typeof x === 'string') return goJSONString(x);
    if (isNumber(x)) return numToString(x);
    let items: string[];
    let open: string;
    let close: string;
    if (isArray(x) || isSet(x)) {
      const list = isArray(x) ? x : x.sorted();
      items = list.map((e) => write(e, depth + 1));
      open = '[';
      close = ']';
    } else {
      items = [];
      for (const [k, val] of x.entries()) {
        // OPA writes a non-string key as its compact JSON text (`1`, `[1,2]`)
        const key = goJSONString(typeof k === 'string' ? k : goJSON(k));
        items.push(`${key}:${pretty ? ' ' : ''}${write(val, depth + 1)}`);
      }
      open = '{';
      close = '}';
    }
    if (items.length === 0) return open + close;
    if (!pretty) return open + items.join(',') + close;
    const nl = (d: number) => `\n${pre}${ind.repeat(d)}`;
    return open + items.map((it) => nl(depth + 1) + it).join(',') + nl(depth) + close;
  };
  return write(v, 0);
}
