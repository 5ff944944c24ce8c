/** The GitHub Action: `runAction` is what dist-action/action/index.js runs. */
export { runAction, changedSinceRef, ACTION_EXIT, type ActionIo } from './run-action.js';
export { readInputs, getInput, getBooleanInput, INPUT_DEFAULTS, ActionInputError, type ActionInputs, type InputName } from './inputs.js';
export { setOutput, appendSummary } from './outputs.js';
