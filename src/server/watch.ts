import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/*
 * Change detection for mounted files (policy directories, a config file, TLS key pairs).
 * Kubernetes swaps ConfigMap and Secret volumes by re-pointing a `..data` symlink, which
 * fs.watch reports on some filesystems and not others, so a content fingerprint is polled as
 * well; fs.watch only makes the reaction quicker.
 */

const MAX_FILES = 2000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 6;

/** A hash of the contents of every file under the paths (symlinks followed, `..data`-style entries skipped). */
export function fingerprint(paths: readonly string[]): string {
  const hash = createHash('sha256');
  let files = 0;
  const visit = (p: string, depth: number): void => {
    if (files >= MAX_FILES) return;
    let st;
    try {
      st = statSync(p);
    } catch {
      hash.update(`missing:${p}\0`);
      return;
    }
    if (st.isDirectory()) {
      if (depth >= MAX_DEPTH) return;
      let names: string[];
      try {
        names = readdirSync(p).filter((n) => !n.startsWith('..')).sort();
      } catch {
        return;
      }
      for (const name of names) visit(path.join(p, name), depth + 1);
      return;
    }
    if (!st.isFile()) return;
    files++;
    hash.update(`file:${p}:${st.size}\0`);
    if (st.size <= MAX_FILE_BYTES) {
      try {
        hash.update(readFileSync(p));
      } catch {
        hash.update('unreadable');
      }
    } else hash.update(String(st.mtimeMs));
  };
  for (const p of paths) visit(p, 0);
  return hash.digest('hex');
}

export interface WatchOptions {
  /** Polling interval; the fallback that always works. */
  pollMs: number;
  /** Quiet time after an fs event before looking (editors and kubelet write in steps). */
  debounceMs?: number;
}

export interface Watch {
  /** Looks now; resolves after onChange (if any) finished. */
  checkNow(): Promise<void>;
  close(): void;
}

/** Calls `onChange` (never concurrently) whenever the fingerprint of `paths` changes. */
export function watchPaths(paths: readonly string[], onChange: () => Promise<void> | void, options: WatchOptions): Watch {
  let last = fingerprint(paths);
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let debounce: NodeJS.Timeout | undefined;

  const check = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const now = fingerprint(paths);
        if (now !== last) {
          last = now;
          try {
            await onChange();
          } catch {
            // onChange reports its own errors; a failure must not stop the watch.
          }
        }
      } while (again && !closed);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void check(), options.pollMs);
  timer.unref();
  const watchers: FSWatcher[] = [];
  const dirs = new Set<string>();
  for (const p of paths) {
    try {
      dirs.add(statSync(p).isDirectory() ? p : path.dirname(p));
    } catch {
      dirs.add(path.dirname(p));
    }
  }
  for (const dir of dirs) {
    try {
      const w = watch(dir, { persistent: false }, () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => void check(), options.debounceMs ?? 100);
        debounce.unref();
      });
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // No inotify (or the path is missing): polling covers it.
    }
  }
  return {
    checkNow: check,
    close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(debounce);
      for (const w of watchers) w.close();
    },
  };
}
