export * from './api.js';
export * from './errors.js';
export * from './handoff.js';
export * from './issues.js';
export * from './read.js';
export * from './steps.js';
