export { run, type RunResult } from './run.js';
export { defaultRunOptions, type RunOptions } from './options.js';
export { TOOL } from './tool.js';
export { allRules } from './rules.js';
export type { PresetName } from './options.js';
export { compileGate, type CompiledGate, type ExternalPolicySet, type GateCheckOptions, type GateCheckResult, type GateExtras } from './gate.js';
