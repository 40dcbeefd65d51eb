import type { HandoffCodec } from './handoff-code.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { SecretKeys } from './secrets.js';
import type { SessionStore } from './store.js';
import type { UploadSlots } from './upload-slots.js';
import type { Upstream } from './upstream.js';

/** Everything a request handler needs, built once per `berbixCapture()` call. */
export interface AdapterContext {
  config: ResolvedOptions;
  /** `config.store`, or a deprecated update-only store adapted to transitions. */
  store: SessionStore;
  keys: SecretKeys;
  upstream: Upstream;
  limiter: RateLimiter | null;
  /** Image uploads being read or forwarded by this instance right now, in all and per client. */
  uploadSlots: UploadSlots;
  handoffCodec: HandoffCodec;
  /** Hand-off claim budgets: always on, as they guard one-time codes against guessing. */
  claimLimiter: RateLimiter;
  /** Open hand-off status streams per session id, on this instance. */
  handoffStreams: Map<string, number>;
}
