export { BerbixClient } from './client.js';
export {
  type BerbixClientOptions,
  DEFAULT_API_HOST,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  SDK_NAME,
  SDK_VERSION,
} from './client-options.js';
export * from './errors.js';
export { DEFAULT_BACKOFF, type RetryPolicy } from './retry.js';
export { DEFAULT_REFRESH_MARGIN_MS, Tokens, type TokensRecord } from './tokens.js';
export { MAX_ANSWER_BYTES, REQUEST_ID_HEADER, type RequestOptions } from './transport.js';
export type {
  ApiOnlyTransactionOptions,
  HostedTransactionOptions,
  ImageFormat,
  OverrideTransactionOptions,
  TransactionField,
  TransactionImage,
  TransactionMetadata,
  TransactionOptions,
  UpdateTransactionOptions,
  UploadImage,
} from './types.js';
export { MAX_BARCODE_BYTES, MAX_IMAGE_BYTES, MAX_UPLOAD_BODY_BYTES } from './uploads.js';
export {
  type BerbixWebhookEvent,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  MAX_WEBHOOK_BODY_BYTES,
  parseWebhook,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookSignatureProblem,
  webhookSignatureProblem,
} from './webhooks.js';
