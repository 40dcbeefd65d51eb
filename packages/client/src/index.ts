export {
  type ApiOnlyTransactionOptions,
  BerbixClient,
  type BerbixClientOptions,
  DEFAULT_API_HOST,
  SDK_NAME,
  SDK_VERSION,
  type TransactionOptions,
} from './client.js';
export * from './errors.js';
export { Tokens, type TokensRecord } from './tokens.js';
