import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addRunFlags, addWaiverFlags, baselineCommand, prepareRun, type RunFlags } from '../../src/cli/baseline.js';
import { UsageError } from '../../src/cli/errors.js';
import { explainCommand, findRule, formatExplanation } from '../../src/cli/explain.js';
import { filterRules, formatRuleTable, rulesCommand } from '../../src/cli/rules.js';
import type { RunOptions, RunResult } from '../../src/engine/index.js';
import type { Report, Rule } from '../../src/model/index.js';
import { WAIVER_RULES } from '../../src/waivers/index.js';
import { finding, resource } from './helpers.js';

const RULES: Rule[] = [
  ...WAIVER_RULES,
  { id: 'pss/privileged', title: 'Privileged containers', severity: 'high', description: 'd', remediation: 'r', helpUri: 'https://x/pss', tags: ['pss-baseline'] },
  { id: 'pss/run-as-non-root', title: 'Run as non-root', severity: 'medium', description: 'd', remediation: 'r', helpUri: 'https://x/r', tags: ['pss-restricted'] },
];

async function runCli(cmd: Command, argv: string[]): Promise<void> {
  cmd.exitOverride();
  await cmd.parseAsync(argv, { from: 'user' });
}

describe('syncgate rules', () => {
  it('filters by tag and severity, sorted by id', () => {
    expect(filterRules(RULES, { tags: ['PSS-Baseline', 'pss-restricted'] }).map((r) => r.id)).toEqual(['pss/privileged', 'pss/run-as-non-root']);
    expect(filterRules(RULES, { severities: ['high'] }).map((r) => r.id)).toEqual(['pss/privileged', 'waiver/invalid']);
  });

  it('prints an aligned table with a count, or JSON', async () => {
    let out = '';
    await runCli(rulesCommand(() => RULES, (t) => (out += t)), ['--tag', 'pss-baseline,pss-restricted']);
    expect(out.split('\n')[0]).toMatch(/^RULE\s+SEVERITY\s+TAGS\s+TITLE$/);
    expect(out).toContain('pss/privileged       high      pss-baseline    Privileged containers');
    expect(out).toContain('2 rules (high 1, medium 1)');
    out = '';
    await runCli(rulesCommand(() => RULES, (t) => (out += t)), ['--severity', 'info', '--format', 'json']);
    expect(JSON.parse(out).map((r: Rule) => r.id)).toEqual(['waiver/ignored', 'waiver/unused']);
    expect(formatRuleTable([])).toBe('No rules match.\n');
  });

  it('rejects an unknown severity', async () => {
    await expect(runCli(rulesCommand(() => RULES, () => {}), ['--severity', 'severe'])).rejects.toThrow(UsageError);
  });
});

describe('syncgate explain', () => {
  it('prints title, severity, tags, description, remediation and link', async () => {
    let out = '';
    await runCli(explainCommand(() => RULES, (t) => (out += t)), ['waiver/expired']);
    expect(out).toBe(formatExplanation(RULES.find((r) => r.id === 'waiver/expired')!));
    expect(out).toMatch(/^waiver\/expired: Expired waiver\n\nSeverity: medium\nTags: {5}waiver\n/);
    expect(out).toContain('How to fix:\n');
    expect(out).toContain('More: https://github.com/syncgate/syncgate/blob/main/docs/waivers.md#waiverexpired');
  });

  it('suggests close matches for an unknown rule (exit 2 through UsageError)', () => {
    expect(() => findRule('privileged', RULES)).toThrow('unknown rule "privileged"; did you mean pss/privileged?');
    expect(() => findRule('waiver/expird', RULES)).toThrow(/did you mean waiver\/expired/);
    expect(() => findRule('zzzzzzzzzz', RULES)).toThrow('unknown rule "zzzzzzzzzz" (`syncgate rules` lists every rule)');
    expect(findRule('PSS/Privileged', RULES).id).toBe('pss/privileged');
  });
});

function fakeRun(findings = [finding('pss/privileged', resource({ file: 'deploy/web.yaml' }), { pointer: '/spec/x' })]) {
  const calls: RunOptions[] = [];
  const run = async (options: RunOptions): Promise<RunResult> => {
    calls.push(options);
    const report = { findings, failOn: options.failOn } as unknown as Report;
    return { report, store: undefined as never, inputErrors: [], resources: [] };
  };
  return { calls, run };
}

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'syncgate-cli-'));
  mkdirSync(path.join(root, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

describe('syncgate baseline', () => {
  it('writes the default file at the repository root and is idempotent', async () => {
    const root = repo({ 'deploy/web.yaml': '' });
    const { run, calls } = fakeRun();
    let out = '';
    const deps = { run, cwd: () => root, now: () => new Date('2026-06-15T00:00:00Z'), write: (t: string) => (out += t) };
    await runCli(baselineCommand(deps), ['deploy']);
    const file = path.join(root, '.syncgate-baseline.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, tool: { name: 'syncgate' }, created: '2026-06-15', entries: [{ ruleId: 'pss/privileged', file: 'deploy/web.yaml' }] });
    expect(out).toBe('wrote .syncgate-baseline.json: 1 finding accepted\n');
    expect(calls[0]!.inputs).toEqual(['deploy']);
    expect(calls[0]!.root).toBe(root);
    out = '';
    await runCli(baselineCommand(deps), ['deploy']);
    expect(out).toBe('unchanged: .syncgate-baseline.json: 1 finding accepted\n');
  });

  it("uses the config's paths, settings and baseline file; flags win over the config", async () => {
    const root = repo({ '.syncgate.yaml': 'paths: [apps]\nfailOn: low\nstrict: true\nexclude: [tmp/**]\nbaseline: ci/accepted.json\n', 'ci/.keep': '' });
    const { run, calls } = fakeRun();
    const deps = { run, cwd: () => root, write: () => {} };
    await runCli(baselineCommand(deps), []);
    expect(existsSync(path.join(root, 'ci/accepted.json'))).toBe(true);
    expect(calls[0]).toMatchObject({ inputs: [path.join(root, 'apps')], failOn: 'low', strict: true, exclude: ['tmp/**'] });
    await runCli(baselineCommand(deps), ['--fail-on', 'critical', '--exclude', 'x/**', '-o', 'other.json', 'apps']);
    expect(calls[1]).toMatchObject({ inputs: ['apps'], failOn: 'critical', strict: true, exclude: ['tmp/**', 'x/**'] });
    expect(existsSync(path.join(root, 'other.json'))).toBe(true);
  });

  it('an invalid config is a usage error naming file, line and column', async () => {
    const root = repo({ '.syncgate.yaml': 'failOn: high\nfialOn: low\n' });
    const { run } = fakeRun();
    await expect(runCli(baselineCommand({ run, cwd: () => root, write: () => {} }), [])).rejects.toThrow(/\.syncgate\.yaml:2:1: unknown key "fialOn"/);
  });
});

describe('shared run flags', () => {
  it('--no-config ignores the file; defaults apply', () => {
    const root = repo({ '.syncgate.yaml': 'failOn: low\n' });
    const cmd = addWaiverFlags(addRunFlags(new Command('x').argument('[paths...]')));
    cmd.parse(['--no-config', '--no-baseline', '--report-waivers'], { from: 'user' });
    const prepared = prepareRun(cmd, [], cmd.opts() as RunFlags, root);
    expect(prepared.config).toBeUndefined();
    expect(prepared.options.failOn).toBe('high');
    expect(prepared.settings.reportWaivers).toBe(true);
  });
});
