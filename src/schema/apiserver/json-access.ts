/** Safe reads from parsed manifests: own properties only, so keys such as `__proto__` or `constructor` never resolve to built-ins. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (object keys, or decimal indices into arrays), or `undefined`. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const token of path) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isRecord(current)) {
      current = Object.prototype.hasOwnProperty.call(current, token) ? current[token] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}
