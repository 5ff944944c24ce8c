import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { allRules, TOOL } from '../engine/index.js';
import { BaselineError } from '../waivers/index.js';
import { baselineCommand } from './baseline.js';
import { checkCommand } from './check.js';
import { commentCommand } from './comment.js';
import { gateCommand } from './gate.js';
import { serveCommand } from './serve.js';
import { gatorTestRunner } from '../policy/index.js';
import { regoTestRunner, testCommand } from './test.js';
import { EXIT, UsageError } from './errors.js';
import { explainCommand } from './explain.js';
import { rulesCommand } from './rules.js';

export function buildProgram(): Command {
  const program = new Command('syncgate')
    .description('The policy gate of a GitOps repository: validate Kubernetes manifests before they are synced.')
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const commands = [
    checkCommand(),
    testCommand([regoTestRunner, gatorTestRunner]),
    baselineCommand(),
    rulesCommand(allRules),
    explainCommand(allRules),
    commentCommand(),
    gateCommand(),
    serveCommand(),
  ];
  for (const command of commands) {
    program.addCommand(command.exitOverride().showHelpAfterError('(run with --help for usage)'));
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  stopQuietlyWhenOutputCloses();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; usage mistakes exit 2 (commander already printed them).
      return err.exitCode === 0 ? EXIT.pass : EXIT.error;
    }
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof BaselineError) {
      process.stderr.write(`syncgate: ${err.message}\n`);
      return EXIT.error;
    }
    const e = err as Error;
    process.stderr.write(`syncgate: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env['SYNCGATE_DEBUG']) process.stderr.write(`${e?.stack ?? ''}\n`);
    else process.stderr.write('syncgate: set SYNCGATE_DEBUG=1 for details, and please report this.\n');
    return EXIT.error;
  }
}

let outputGuarded = false;

function stopQuietlyWhenOutputCloses(): void {
  if (outputGuarded) return;
  outputGuarded = true;
  exitOnClosedPipe([process.stdout, process.stderr], (code) => process.exit(code));
}

/**
 * `syncgate rules | head`: when the reader goes away, writes fail with EPIPE. Stop quietly with
 * the exit code so far, as Unix tools do, instead of dying on an unhandled 'error' event with a
 * stack trace. Other write errors stay errors.
 */
export function exitOnClosedPipe(streams: readonly NodeJS.EventEmitter[], exit: (code: number) => void): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.pass);
    });
  }
}

// Run when executed directly (`tsx src/cli/main.ts ...` in development); bin/syncgate.js calls main() itself.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
