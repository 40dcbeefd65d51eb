import type { ImageSubject } from '@berbix-capture/protocol';

export type { ImageFormat } from '@berbix-capture/protocol/berbix';

import type { ImageFormat } from '@berbix-capture/protocol/berbix';

/** One image for `uploadImages`. */
export interface UploadImage {
  /** The encoded JPEG or PNG file. */
  data: Uint8Array;
  subject: ImageSubject;
  format: ImageFormat;
  /**
   * The PDF417 payload decoded on the device, sent with `document_back` as
   * `supplementary_data.extracted_barcode` (bytes as decoded; a string is sent as UTF-8).
   */
  barcode?: Uint8Array | string;
}

/**
 * `GET /v0/transactions` as Berbix sends it (snake_case, like the official SDKs return it), except
 * that `id` and `duplicates[].transaction_id` are exact decimal strings. Fields absent until the
 * transaction completes are optional; unknown fields are kept. Derived from the contract's schema.
 */
export type { TransactionField, TransactionImage, TransactionMetadata } from '@berbix-capture/protocol/berbix';
export type {
  ApiOnlyTransactionOptions,
  HostedTransactionOptions,
  OverrideTransactionOptions,
  TransactionOptions,
  UpdateTransactionOptions,
} from './options.js';
