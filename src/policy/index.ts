export * from './ts/index.js';
export * from './builtin/index.js';
