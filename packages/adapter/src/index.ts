export { COOKIE_NAME } from './cookie.js';
export { AdapterError } from './errors.js';
export type {
  BerbixCaptureOptions,
  CaptureResult,
  Limits,
  RateLimits,
  TransactionParams,
} from './options.js';
export type { RedisClient } from './redis-connection.js';
export { type RedisStoreOptions, redisStore } from './redis-store.js';
export {
  memoryReplayGuard,
  type RedisReplayGuardOptions,
  type ReplayGuard,
  redisReplayGuard,
} from './replay.js';
export { type BerbixCaptureRouter, berbixCapture } from './router.js';
export { type SqliteStoreOptions, sqliteStore } from './sqlite-store.js';
export {
  type BuiltInStore,
  decideTransition,
  type HandoffRecord,
  memoryStore,
  type RecordUpdater,
  Refusal,
  type SessionRecord,
  type SessionStore,
  type TokenStore,
  type Transition,
  type TransitionOutcome,
} from './store.js';
export { type BerbixWebhookOptions, berbixWebhook } from './webhook.js';
