import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isInside } from '../load/index.js';
import { guardPath } from './path-guard.js';
import { isRecord } from './pointer-translate.js';

export interface ChartCheck {
  /** Paths inside the chart (symlinks, file:// dependencies) that lead out of the repository. */
  escapes: Array<{ file: string; reason: string }>;
  /** Dependencies Helm would have to download (not vendored in charts/). */
  remotes: string[];
  name?: string;
}

const MAX_CHART_ENTRIES = 20_000;

/**
 * Checks a chart before Helm reads it: Helm follows symbolic links inside a chart, so every
 * link must stay in the repository; `file://` dependencies must too; dependencies from a
 * repository that are not vendored would need the network.
 */
export function checkChart(chartDir: string, root: string, realRoot: string): ChartCheck {
  const check: ChartCheck = { escapes: [], remotes: [] };
  let seen = 0;
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_CHART_ENTRIES) return;
      const abs = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let real: string | undefined;
        try {
          real = realpathSync(abs);
        } catch {
          real = undefined;
        }
        if (!real || !isInside(realRoot, real)) check.escapes.push({ file: abs, reason: `${path.relative(root, abs)} is a symbolic link to a path outside the repository` });
        else if (lstatSync(real).isDirectory() && !isInside(realpathSync(chartDir), real)) walk(abs);
      } else if (entry.isDirectory()) walk(abs);
    }
  };
  walk(chartDir);
  const chart = readChartYaml(chartDir);
  if (chart && typeof chart['name'] === 'string') check.name = chart['name'];
  for (const dep of Array.isArray(chart?.['dependencies']) ? (chart['dependencies'] as unknown[]) : []) {
    if (!isRecord(dep) || typeof dep['name'] !== 'string') continue;
    const repo = typeof dep['repository'] === 'string' ? dep['repository'] : '';
    if (repo.startsWith('file://')) {
      const guarded = guardPath(root, realRoot, chartDir, repo.slice('file://'.length));
      if (!guarded.ok) check.escapes.push({ file: path.join(chartDir, 'Chart.yaml'), reason: `dependency ${dep['name']}: ${guarded.reason}` });
    } else if (repo !== '' && !isVendored(chartDir, dep['name'])) {
      check.remotes.push(`${repo} (chart ${dep['name']}${typeof dep['version'] === 'string' ? ` ${dep['version']}` : ''})`);
    }
  }
  return check;
}

export function readChartYaml(chartDir: string): Record<string, unknown> | undefined {
  try {
    const value = parseYaml(readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'), { maxAliasCount: 10 }) as unknown;
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isVendored(chartDir: string, name: string): boolean {
  try {
    return readdirSync(path.join(chartDir, 'charts')).some((entry) => entry === name || entry.startsWith(`${name}-`));
  } catch {
    return false;
  }
}
