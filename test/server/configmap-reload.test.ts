import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GateStore, judge, loadGate, ServerMetrics, silentLogger } from '../../src/server/index.js';
import { goodDeployment, tempDir } from './helpers.js';

/** Lays out a directory the way the kubelet mounts a ConfigMap: files -> ..data/<file>, ..data -> ..<timestamp>. */
function writeConfigMap(dir: string, version: number, content: string): void {
  const target = `..2026_11_22_00_00_0${version}.000000000`;
  mkdirSync(path.join(dir, target));
  writeFileSync(path.join(dir, target, 'syncgate.yaml'), content);
  symlinkSync(target, path.join(dir, '..data_tmp'));
  renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
  if (version === 1) symlinkSync('..data/syncgate.yaml', path.join(dir, 'syncgate.yaml'));
}

describe('config from a mounted ConfigMap', () => {
  it('is reloaded when the kubelet swaps the ..data symlink', async () => {
    const tmp = tempDir();
    try {
      const dir = path.join(tmp.dir, 'config');
      mkdirSync(dir);
      writeConfigMap(dir, 1, 'preset: strict\nfailOn: high\n');
      const configFile = path.join(dir, 'syncgate.yaml');
      const store = new GateStore({
        load: () => loadGate({ root: tmp.dir, configFile, flags: {} }),
        initialWatchPaths: [configFile],
        pollMs: 50,
        logger: silentLogger,
        metrics: new ServerMetrics(),
      });
      await store.start();
      const request = { uid: 'u', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, operation: 'CREATE' as const, object: goodDeployment(), dryRun: false };
      // Restricted-level findings are medium: below fail-on high, warnings only.
      expect((await judge(request, store.current!, { failOpen: false, timeoutMs: 2000 })).response.allowed).toBe(true);
      writeConfigMap(dir, 2, 'preset: strict\nfailOn: medium\n');
      for (let i = 0; i < 200 && store.generation < 2; i++) await new Promise((r) => setTimeout(r, 25));
      store.close();
      expect(store.generation).toBe(2);
      expect((await judge(request, store.current!, { failOpen: false, timeoutMs: 2000 })).response.allowed).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});
