import path from 'node:path';
import { Command, Option } from 'commander';
import { PRESETS, type FlagValues, type Preset } from '../config/index.js';
import { SEVERITIES, type Severity } from '../model/index.js';
import {
  createLogger,
  DEFAULT_SERVER_OPTIONS,
  GateStore,
  loadGate,
  ServerMetrics,
  startAdmissionServer,
  type GateSource,
  type LogLevel,
  type RunningServer,
} from '../server/index.js';
import { EXIT, UsageError } from './errors.js';

interface ServeFlags {
  cert: string;
  key: string;
  host: string;
  port: string;
  config?: string;
  policy: string[];
  crd: string[];
  schemaLocation: string[];
  preset?: Preset;
  pssVersion?: string;
  kubernetesVersion?: string;
  failOn?: Severity;
  strict?: boolean;
  failOpen: boolean;
  timeoutMs: string;
  maxBodyBytes: string;
  bodyTimeoutMs: string;
  ignoreResourceWaivers?: boolean;
  pollMs: string;
  drainTimeoutMs: string;
  shutdownDelayMs: string;
  logLevel: LogLevel;
  root?: string;
}

export interface ServeDeps {
  /** Called once the server listens (tests read the port). */
  onListening?: (running: RunningServer, store: GateStore) => void;
  /** Where SIGTERM/SIGINT/SIGHUP come from (default: the process). */
  signals?: NodeJS.EventEmitter;
  log?: (line: string) => void;
}

const collectWhole = (value: string, previous: string[]): string[] => [...previous, value];

/** `syncgate serve`: the validating admission webhook. The integrator registers it in main.ts. */
export function serveCommand(deps: ServeDeps = {}): Command {
  return new Command('serve')
    .description('Run the validating admission webhook (HTTPS): judge AdmissionReview requests with the same checks as `check`.')
    .requiredOption('--cert <file>', 'TLS certificate (PEM); reloaded when the file changes')
    .requiredOption('--key <file>', 'TLS private key (PEM); reloaded when the file changes')
    .option('--host <address>', 'address to listen on', DEFAULT_SERVER_OPTIONS.host)
    .option('--port <port>', 'HTTPS port (webhook at /validate, plus /healthz, /readyz, /metrics)', String(DEFAULT_SERVER_OPTIONS.port))
    .option('-c, --config <file>', 'configuration file (a mounted ConfigMap); reloaded when it changes')
    .option('--policy <dir>', 'directory of TypeScript/JavaScript policy modules (repeatable); reloaded when it changes', collectWhole, [])
    .option('--crd <path>', 'file or directory with CustomResourceDefinitions (repeatable)', collectWhole, [])
    .option('--schema-location <dir-or-template>', 'kubeconform-style JSON schema folder or path template (repeatable)', collectWhole, [])
    .addOption(new Option('--preset <preset>', 'built-in rule set (default: the config, else recommended)').choices([...PRESETS]))
    .option('--pss-version <1.NN|latest>', 'Pod Security Standards version')
    .option('-k, --kubernetes-version <1.NN>', 'Kubernetes minor version to validate against')
    .addOption(new Option('--fail-on <severity>', 'deny when a finding is at or above this severity (default: the config, else high)').choices([...SEVERITIES]))
    .option('--strict', 'unknown fields are errors')
    .option('--fail-open', 'allow (with a warning) when a policy fails or the time budget runs out; default: deny', false)
    .option('--timeout-ms <ms>', "time budget per request; keep it well under the webhook's timeoutSeconds", String(DEFAULT_SERVER_OPTIONS.timeoutMs))
    .option('--max-body-bytes <n>', 'largest request body accepted', String(DEFAULT_SERVER_OPTIONS.maxBodyBytes))
    .option('--body-timeout-ms <ms>', 'a client must send its request body within this time', String(DEFAULT_SERVER_OPTIONS.bodyTimeoutMs))
    .option('--ignore-resource-waivers', 'ignore waivers written in the admitted objects (only the config may waive)')
    .option('--poll-ms <ms>', 'how often to look for changed policy, config and certificate files', '5000')
    .option('--drain-timeout-ms <ms>', 'on SIGTERM, how long to wait for in-flight requests', String(DEFAULT_SERVER_OPTIONS.drainTimeoutMs))
    .option('--shutdown-delay-ms <ms>', 'on SIGTERM, keep serving (not ready) this long so endpoints are removed first', '0')
    .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .option('--root <dir>', 'directory that waiver file globs are relative to (default: the working directory)')
    .action(async (flags: ServeFlags, command: Command) => {
      process.exitCode = await runServe(flags, command, deps);
    });
}

async function runServe(flags: ServeFlags, command: Command, deps: ServeDeps): Promise<number> {
  const num = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
  const port = num('port', flags.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const timeoutMs = num('timeout-ms', flags.timeoutMs, 1);
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  const cwd = process.cwd();
  const values: FlagValues = {};
  if (flags.policy.length) values.policies = flags.policy;
  if (flags.crd.length) values.crds = flags.crd;
  if (flags.schemaLocation.length) values.schemaLocations = flags.schemaLocation;
  if (flags.preset) values.preset = flags.preset;
  if (flags.pssVersion) values.pssVersion = flags.pssVersion;
  if (flags.kubernetesVersion) values.kubernetesVersion = flags.kubernetesVersion;
  if (flags.failOn) values.failOn = flags.failOn;
  if (given('strict')) values.strict = true;
  if (given('ignoreResourceWaivers')) values.ignoreResourceWaivers = true;
  const source: GateSource = {
    root: path.resolve(flags.root ?? cwd),
    policyTimeoutMs: timeoutMs,
    flags: values,
    ...(flags.config ? { configFile: path.resolve(flags.config) } : {}),
  };

  const logger = createLogger(deps.log, flags.logLevel);
  const metrics = new ServerMetrics();
  const pollMs = num('poll-ms', flags.pollMs, 50);
  const store = new GateStore({
    load: () => loadGate(source),
    initialWatchPaths: [...(source.configFile ? [source.configFile] : []), ...flags.policy.map((p) => path.resolve(p))],
    pollMs,
    logger,
    metrics,
  });
  // A failed first load leaves the server up but not ready; it loads again when the files change.
  await store.start();
  let running: RunningServer;
  try {
    running = await startAdmissionServer({
      host: flags.host,
      port,
      tls: { certFile: path.resolve(flags.cert), keyFile: path.resolve(flags.key) },
      store,
      logger,
      metrics,
      failOpen: flags.failOpen,
      timeoutMs,
      maxBodyBytes: num('max-body-bytes', flags.maxBodyBytes, 1024),
      bodyTimeoutMs: num('body-timeout-ms', flags.bodyTimeoutMs, 100),
      drainTimeoutMs: num('drain-timeout-ms', flags.drainTimeoutMs, 0),
      certPollMs: pollMs,
    });
  } catch (err) {
    store.close();
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') throw new UsageError(`cannot read the TLS files: ${e.message}`);
    if (e?.code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use`);
    throw err;
  }
  deps.onListening?.(running, store);

  const signals = deps.signals ?? process;
  const shutdownDelayMs = num('shutdown-delay-ms', flags.shutdownDelayMs, 0);
  const reload = () => void store.reload('SIGHUP');
  signals.on('SIGHUP', reload);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      signals.off('SIGTERM', onTerm);
      signals.off('SIGINT', onInt);
      signals.off('SIGHUP', reload);
      logger.info('shutting down', { signal, delayMs: shutdownDelayMs });
      // Drain first: in-flight requests still use the gate the store would close.
      void running.close({ delayMs: shutdownDelayMs }).then(() => {
        store.close();
        resolve();
      });
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    signals.once('SIGTERM', onTerm);
    signals.once('SIGINT', onInt);
  });
  return EXIT.pass;
}
