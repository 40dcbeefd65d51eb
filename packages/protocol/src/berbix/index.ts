/**
 * The Berbix v0 wire as data: valibot schemas of the requests and answers the client sends and
 * reads and the sandbox serves, with their types derived from them. Server-side only: the element
 * never imports this entry point.
 */
export * from './errors.js';
export * from './metadata.js';
export * from './overrides.js';
export * from './primitives.js';
export * from './problems.js';
export * from './transactions.js';
export * from './uploads.js';
export * from './webhooks.js';
