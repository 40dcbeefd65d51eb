export { SandboxError } from './errors.js';
export {
  DEFAULT_SECRET,
  DEFAULT_TOKEN_TTL_SECONDS,
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from './server.js';
export { SandboxState, TOKEN_PREFIX, type TokenKind, type TransactionRecord } from './state.js';
