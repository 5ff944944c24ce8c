import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions, type Server as TlsServer } from 'node:tls';
import type { Logger } from './log.js';
import type { ServerMetrics } from './metrics.js';
import { watchPaths, type Watch } from './watch.js';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export function readKeyPair(files: TlsFiles): SecureContextOptions {
  const pair = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
  // Fails here (not on the next handshake) when the files do not match or are not PEM.
  createSecureContext(pair);
  return pair;
}

/**
 * cert-manager renews the Secret in place; the kubelet updates the mounted files. New
 * connections get the new pair; a half-written or mismatched pair is ignored until it is whole.
 */
export function watchKeyPair(server: TlsServer, files: TlsFiles, deps: { pollMs: number; logger: Logger; metrics: ServerMetrics }): Watch {
  return watchPaths(
    [files.certFile, files.keyFile],
    () => {
      try {
        server.setSecureContext(readKeyPair(files));
        deps.metrics.certReloads.inc({ result: 'success' });
        deps.logger.info('TLS certificate reloaded', { cert: files.certFile });
      } catch (err) {
        deps.metrics.certReloads.inc({ result: 'failure' });
        deps.logger.warn('TLS certificate reload failed; keeping the previous one', { error: (err as Error)?.message ?? String(err) });
      }
    },
    { pollMs: deps.pollMs, debounceMs: 500 },
  );
}
