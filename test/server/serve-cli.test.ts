import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve.js';
import type { RunningServer } from '../../src/server/index.js';
import { goodDeployment, makeKeyPair, privilegedPod, review, send, tempDir } from './helpers.js';

describe('syncgate serve', () => {
  it('serves from flags and files, logs JSON lines, and stops on SIGTERM', async () => {
    const tmp = tempDir();
    try {
      const pair = await makeKeyPair();
      writeFileSync(path.join(tmp.dir, 'tls.crt'), pair.cert);
      writeFileSync(path.join(tmp.dir, 'tls.key'), pair.key);
      writeFileSync(path.join(tmp.dir, 'syncgate.yaml'), 'preset: strict\nfailOn: high\nadmission:\n  ignoreResourceWaivers: true\n');
      const signals = new EventEmitter();
      const lines: string[] = [];
      let running: RunningServer | undefined;
      let done: Promise<unknown> | undefined;
      const listening = new Promise<void>((resolve) => {
        const cmd = serveCommand({ signals, log: (l) => lines.push(l), onListening: (r) => ((running = r), resolve()) }).exitOverride();
        done = cmd.parseAsync(
          ['--cert', path.join(tmp.dir, 'tls.crt'), '--key', path.join(tmp.dir, 'tls.key'), '--host', '127.0.0.1', '--port', '0', '--config', path.join(tmp.dir, 'syncgate.yaml'), '--log-level', 'debug'],
          { from: 'user' },
        );
      });
      await listening;
      const port = running!.port;
      const allowed = (await send(port, pair, { body: JSON.stringify(review(goodDeployment())) })).json().response;
      const denied = (await send(port, pair, { body: JSON.stringify(review(privilegedPod())) })).json().response;
      // strict preset: the plain Deployment breaks restricted-level controls (medium), below fail-on high: warnings.
      expect(allowed.allowed).toBe(true);
      expect(allowed.warnings.join('\n')).toMatch(/pss\/[a-z-]+/);
      expect(denied.allowed).toBe(false);
      const saved = process.exitCode;
      signals.emit('SIGTERM');
      await done;
      process.exitCode = saved;
      const logs = lines.map((l) => JSON.parse(l) as { msg: string; level: string });
      expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['policy set loaded', 'listening', 'admission', 'shutting down', 'stopped']));
      await expect(send(port, pair, { method: 'GET', path: '/healthz' })).rejects.toThrow();
    } finally {
      tmp.cleanup();
    }
  });
});
