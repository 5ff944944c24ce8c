import picomatch from 'picomatch';

const cache = new Map<string, RegExp>();

/**
 * Globs for rule ids and resource names: `*` matches any run of characters (including `/`, so
 * `k8s/*` and `rego/*` cover nested ids), `?` one character; everything else is literal.
 */
export function matchesGlob(glob: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${glob}`;
  let re = cache.get(key);
  if (!re) {
    const body = glob.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
    cache.set(key, re);
  }
  return re.test(value);
}

/** A JSON pointer glob covers the pointer itself and everything below it. */
export function matchesPointer(glob: string, pointer: string): boolean {
  const g = glob.replace(/\/+$/, '');
  return matchesGlob(g, pointer) || matchesGlob(`${g}/*`, pointer);
}

/** Path globs as `--exclude` reads them: a pattern without `/` matches base names anywhere. */
export function fileMatcher(patterns: readonly string[]): (file: string) => boolean {
  const matchers = patterns.map((p) => picomatch(p.replace(/^\.\//, ''), { dot: true, basename: !p.includes('/') }));
  return (file) => matchers.some((m) => m(file));
}
