export { COOKIE_NAME } from './cookie.js';
export { AdapterError } from './errors.js';
export type { BerbixCaptureOptions, TransactionParams } from './options.js';
export { berbixCapture } from './router.js';
export { memoryStore, type SessionRecord, type TokenStore } from './store.js';
