export { COOKIE_NAME } from './cookie.js';
export { AdapterError } from './errors.js';
export type {
  BerbixCaptureOptions,
  CaptureResult,
  Limits,
  RateLimits,
  TransactionParams,
} from './options.js';
export { type BerbixCaptureRouter, berbixCapture } from './router.js';
export { memoryStore, type RecordUpdater, type SessionRecord, type TokenStore } from './store.js';
