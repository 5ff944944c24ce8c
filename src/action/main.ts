/**
 * Entry point of the GitHub Action (bundled into dist-action/action/index.js by `npm run build:action`).
 * The runner starts it with `node`, with inputs in INPUT_* and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY set.
 */
import { escapeData } from '../report/index.js';
import { runAction } from './run-action.js';

const log = (text: string) => process.stdout.write(text);
try {
  process.exitCode = await runAction({ env: process.env, log });
} catch (err) {
  // runAction reports its own errors; this is for the runner's files themselves failing (a full disk, say).
  log(`::error title=syncgate::internal error: ${escapeData((err as Error)?.message ?? String(err))}\n`);
  process.exitCode = 2;
}
