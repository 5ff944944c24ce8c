export { renderRepository, type ChartRelease, type RenderOptions, type RenderResult } from './render-repository.js';
export { RENDER_RULES, RULE_PATH_ESCAPE, RULE_REMOTE_NOT_RENDERED, RULE_RENDER_FAILED, RULE_TOOL_MISSING } from './rules.js';
export { uniqueFindings } from './findings.js';
export { findOnPath } from './tools.js';
export { renderScopeOf } from './render-scope.js';
