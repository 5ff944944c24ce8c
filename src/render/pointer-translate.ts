import { joinPointer, splitPointer } from '../model/index.js';

/** Keys Kubernetes merges list items by (strategic merge), most common first. */
const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'port', 'key', 'topologyKey', 'type'];

/**
 * Translates a pointer into a rendered object into the same field of a source document
 * (a base file or a strategic-merge patch), where list items may sit at other indices:
 * items are matched by their merge key (`name`, `containerPort`, ...) or, for scalars, by
 * value. Returns the longest prefix that exists in the source, and whether it is all of it.
 */
export function translatePointer(rendered: unknown, source: unknown, pointer: string): { pointer: string; exact: boolean } {
  let tokens: string[];
  try {
    tokens = splitPointer(pointer);
  } catch {
    return { pointer: '', exact: false };
  }
  const out: Array<string | number> = [];
  let r = rendered;
  let s = source;
  for (const token of tokens) {
    if (Array.isArray(r) && Array.isArray(s)) {
      const item = /^\d+$/.test(token) ? r[Number(token)] : undefined;
      const index = item === undefined ? -1 : matchingIndex(item, s, Number(token));
      if (index < 0) return { pointer: joinPointer(...out), exact: false };
      out.push(index);
      r = item;
      s = s[index];
    } else if (isRecord(r) && isRecord(s) && Object.prototype.hasOwnProperty.call(s, token)) {
      out.push(token);
      r = r[token];
      s = s[token];
    } else {
      return { pointer: joinPointer(...out), exact: false };
    }
  }
  return { pointer: joinPointer(...out), exact: true };
}

function matchingIndex(item: unknown, list: unknown[], sameIndex: number): number {
  if (isRecord(item)) {
    for (const key of MERGE_KEYS) {
      const v = item[key];
      if (v === undefined || typeof v === 'object') continue;
      const found = list.findIndex((x) => isRecord(x) && x[key] === v);
      if (found >= 0) return found;
      // The source's items are keyed the same way and none matches: the item came from elsewhere.
      if (list.some((x) => isRecord(x) && x[key] !== undefined)) return -1;
    }
    return sameIndex < list.length && isRecord(list[sameIndex]) ? sameIndex : -1;
  }
  if (Array.isArray(item)) return sameIndex < list.length ? sameIndex : -1;
  return list.findIndex((x) => x === item);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
