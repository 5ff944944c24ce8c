export * from './severity.js';
export * from './position.js';
export * from './resource.js';
export * from './rule.js';
export * from './finding.js';
export * from './report.js';
