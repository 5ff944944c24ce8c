import { describe, expect, it } from 'vitest';
import { compileGate, defaultRunOptions, type ExternalPolicySet } from '../../src/engine/index.js';
import { GateStore, judge, ServerMetrics, silentLogger } from '../../src/server/index.js';
import { goodDeployment, REPO } from './helpers.js';

/* Policy sets run outside the thread (the user-policy worker): awaited, raced against the deadline, closed when retired. */

const request = { uid: 'u1', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, operation: 'CREATE' as const, object: goodDeployment(), dryRun: false };

function externalSet(run: ExternalPolicySet['run']): ExternalPolicySet & { closed: number } {
  const set = {
    closed: 0,
    rules: [{ id: 'user/ext', title: 'ext', severity: 'high' as const, description: 'd', remediation: 'r', helpUri: 'https://example.test/', tags: [] }],
    run,
    async close() {
      set.closed += 1;
    },
  };
  return set;
}

describe('external policy sets', () => {
  it('contribute findings to the decision', async () => {
    const set = externalSet(async (resources) => [
      { ruleId: 'user/ext', severity: 'high', message: 'external says no', file: resources[0]!.source.file, range: resources[0]!.locate('/spec'), pointer: '/spec', fingerprint: 'x' },
    ]);
    const gate = await compileGate(defaultRunOptions({ root: REPO, inputs: [], preset: 'minimal' }), { policySets: [set] });
    const out = await judge(request, gate, { failOpen: false, timeoutMs: 1000 });
    expect(out.response.allowed).toBe(false);
    expect(out.response.status?.message).toContain('[high] user/ext: external says no (at /spec)');
    expect(gate.rules.map((r) => r.id)).toContain('user/ext');
  });

  it('are not waited for past the deadline: the answer follows fail-open / fail-closed', async () => {
    let release: () => void = () => {};
    const set = externalSet(() => new Promise((resolve) => (release = () => resolve([]))));
    const gate = await compileGate(defaultRunOptions({ root: REPO, inputs: [], preset: 'minimal' }), { policySets: [set] });
    const closed = await judge(request, gate, { failOpen: false, timeoutMs: 50 });
    expect(closed.outcome).toBe('timeout');
    expect(closed.response.allowed).toBe(false);
    const open = await judge(request, gate, { failOpen: true, timeoutMs: 50 });
    expect(open.outcome).toBe('timeout');
    expect(open.response.allowed).toBe(true);
    release();
  });

  it('are closed when a reload replaces their gate, and when the store closes', async () => {
    const sets: Array<ReturnType<typeof externalSet>> = [];
    const store = new GateStore({
      load: async () => {
        const set = externalSet(async () => []);
        sets.push(set);
        return { gate: await compileGate(defaultRunOptions({ root: REPO, inputs: [], preset: 'none' }), { policySets: [set] }), watchPaths: [] };
      },
      initialWatchPaths: [],
      pollMs: 60_000,
      logger: silentLogger,
      metrics: new ServerMetrics(),
      retireAfterMs: 0,
    });
    await store.start();
    await store.reload();
    for (let i = 0; i < 100 && sets[0]!.closed === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sets.map((s) => s.closed)).toEqual([1, 0]);
    store.close();
    await new Promise((r) => setImmediate(r));
    expect(sets.map((s) => s.closed)).toEqual([1, 1]);
  });
});
