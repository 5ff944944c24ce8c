/**
 * Entry point of the GitHub Action (bundled into dist-action/action/index.js by `npm run build:action`).
 * The runner starts it with `node`, with inputs in INPUT_* and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY set.
 */
import { runAction } from './run-action.js';

process.exitCode = await runAction({ env: process.env, log: (text) => process.stdout.write(text) });
