import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../src/rego/conformance/runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(here, '..', '..', '..', 'shared', 'corpus', 'opa-conformance', 'v1');
const baseline = JSON.parse(readFileSync(resolve(here, 'conformance-baseline.json'), 'utf8')) as { passed: number; language: number };

describe('OPA conformance suite', () => {
  if (!existsSync(corpus)) {
    it.skip(`skipped: OPA conformance corpus not found at ${corpus}`, () => {});
    console.log(`skipping OPA conformance: ${corpus} is absent`);
    return;
  }
  it('passes at least the committed baseline', () => {
    const stats = runAll(corpus);
    const passed = stats.reduce((a, s) => a + s.passed, 0);
    const language = stats.filter((s) => s.group === 'language').reduce((a, s) => a + s.passed, 0);
    expect(language).toBeGreaterThanOrEqual(baseline.language);
    expect(passed).toBeGreaterThanOrEqual(baseline.passed);
  }, 120_000);
});
