import { afterEach, describe, expect, it } from 'vitest';
import { testCommand } from '../../../src/cli/test.js';
import { repo } from './helpers.js';

const POLICY = `package main
import rego.v1

deny contains msg if {
  input.kind == "Pod"
  not input.spec.securityContext.runAsNonRoot
  msg := "pods must run as non-root"
}

warn contains "no labels" if not input.metadata.labels

deny_never contains "never" if input.kind == "Never"
`;

const TESTS = `package main
import rego.v1

test_denies_root_pod if {
  deny["pods must run as non-root"] with input as {"kind": "Pod", "spec": {}}
}

test_allows_non_root if {
  count(deny) == 0 with input as {"kind": "Pod", "spec": {"securityContext": {"runAsNonRoot": true}}}
}

test_wrong_expectation if {
  print("checking the warning")
  count(warn) == 0 with input as {"kind": "Pod"}
}
`;

async function run(args: string[]): Promise<{ out: string; code: number | undefined }> {
  let out = '';
  process.exitCode = undefined;
  await testCommand(undefined, (t) => (out += t)).exitOverride().parseAsync(args, { from: 'user' });
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out, code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('syncgate test', () => {
  it('runs test_* rules, reports failures with file:line and exits 1', async () => {
    const root = repo({ 'policy/main.rego': POLICY, 'policy/main_test.rego': TESTS });
    const { out, code } = await run([`${root}/policy`, '--root', root]);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL {2}policy\/main_test\.rego:12: main\.test_wrong_expectation/);
    expect(out).toContain('policy/main_test.rego:13: checking the warning');
    expect(out).toContain('PASS: 2/3  FAIL: 1/3');
    expect(out).not.toContain('test_allows_non_root');
  });

  it('exits 0 when every test passes; --verbose lists them; --run filters', async () => {
    const root = repo({ 'policy/main.rego': POLICY, 'policy/main_test.rego': TESTS });
    const { out, code } = await run([`${root}/policy`, '--root', root, '--run', 'root', '--verbose']);
    expect(code).toBe(0);
    expect(out).toMatch(/PASS {2}policy\/main_test\.rego:4: main\.test_denies_root_pod/);
    expect(out).toContain('PASS: 2/2');
  });

  it('reports rule coverage: which rules the tests exercised, and a percentage', async () => {
    const root = repo({ 'policy/main.rego': POLICY, 'policy/main_test.rego': TESTS });
    const { out } = await run([`${root}/policy`, '--root', root, '--coverage', '--format', 'json']);
    const report = JSON.parse(out);
    const rules = Object.fromEntries(report.coverage.rules.map((r: { rule: string; hit: boolean }) => [r.rule, r.hit]));
    expect(rules).toEqual({ 'main.deny': true, 'main.warn': true, 'main.deny_never': false });
    expect(report.coverage.percent).toBe(66.7);
    expect(report.summary).toMatchObject({ pass: 2, fail: 1, total: 3 });
  });

  it('exits 2 on a policy that does not compile, naming the file and line; other files still run', async () => {
    const root = repo({
      'policy/main.rego': POLICY,
      'policy/ok_test.rego': 'package main\nimport rego.v1\ntest_ok if deny with input as {"kind": "Pod"}\n',
      'policy/broken_test.rego': 'package broken\nimport rego.v1\ntest_x if {\n  y == 1\n}\n',
    });
    const { out, code } = await run([`${root}/policy`, '--root', root]);
    expect(code).toBe(2);
    expect(out).toMatch(/ERROR policy\/broken_test\.rego:4:\d+: rego_unsafe_var_error/);
    expect(out).toContain('PASS: 1/1');
  });
});
