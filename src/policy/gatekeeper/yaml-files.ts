import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Resource, SkippedItem } from '../../model/index.js';
import { loadText, SourceStore } from '../../load/index.js';
import { displayPath } from '../rego/index.js';

const MAX_BYTES = 16 * 1024 * 1024;

/** Reads YAML files into Resources (with locators) for suites; problems are returned, never thrown. */
export class YamlFiles {
  private readonly store = new SourceStore();
  private readonly cache = new Map<string, { resources: Resource[]; problem?: string }>();

  constructor(private readonly root: string) {}

  display(abs: string): string {
    return displayPath(this.root, abs);
  }

  /** Resources of the file at `abs`; `problem` when it cannot be read or parsed. */
  read(abs: string): { resources: Resource[]; problem?: string } {
    const cached = this.cache.get(abs);
    if (cached) return cached;
    const file = this.display(abs);
    let out: { resources: Resource[]; problem?: string };
    try {
      if (statSync(abs).size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
      const text = readFileSync(abs, 'utf8');
      this.store.register(file, abs);
      const result: { resources: Resource[]; findings: Finding[]; skipped: SkippedItem[] } = { resources: [], findings: [], skipped: [] };
      loadText(text, file, this.store, false, result);
      const bad = result.findings.find((f) => f.message);
      out = { resources: result.resources, ...(bad && result.resources.length === 0 ? { problem: `${file}:${bad.range.startLine}: ${bad.message}` } : {}) };
    } catch (e) {
      out = { resources: [], problem: `cannot read ${file}: ${(e as Error).message}` };
    }
    this.cache.set(abs, out);
    return out;
  }
}

/** `rel` resolved against the suite's directory; undefined when it leaves the root. */
export function resolveInside(root: string, suiteFile: string, rel: string): string | undefined {
  const abs = path.resolve(path.dirname(suiteFile), rel);
  const r = path.relative(path.resolve(root), abs);
  return r.startsWith('..') || path.isAbsolute(r) ? undefined : abs;
}
