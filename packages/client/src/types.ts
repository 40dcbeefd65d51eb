import type { IdType, ImageSubject } from '@berbix-capture/protocol';

/** Options of `POST /v0/transactions` common to every kind of transaction. */
export interface TransactionOptions {
  /** Your id for the person; Berbix links their transactions by it. */
  customerUid: string;
  templateKey: string;
  email?: string;
  phone?: string;
  consentsToAutomatedFacialRecognition?: boolean;
}

export interface ApiOnlyTransactionOptions extends TransactionOptions {
  /** ISO 3166-1 alpha-2. */
  idCountry?: string;
  idType?: IdType;
}

export interface HostedTransactionOptions extends TransactionOptions {
  completionEmail?: string;
  redirectUrl?: string;
}

/** `PATCH /v0/transactions`. */
export interface UpdateTransactionOptions {
  action?: string;
  note?: string;
}

/** `PATCH /v0/transactions/override` (test mode only). */
export interface OverrideTransactionOptions {
  responsePayload?: 'us-dl' | 'us-id' | 'passport' | (string & {});
  flags?: string[];
  overrideFields?: Record<string, string>;
}

export type ImageFormat = 'image/jpeg' | 'image/png';

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

/** One extracted field of a transaction, as Berbix reports it. */
export interface TransactionField {
  value: string;
  confidence: string;
  sources?: Array<{ value: string; type: string; confidence: string }>;
}

export interface TransactionImage {
  full_image?: string;
  cropped_image?: string;
  face_image?: string;
}

/**
 * `GET /v0/transactions` as Berbix sends it (snake_case, like the official SDKs return it), except
 * that `id` and `duplicates[].transaction_id` are exact decimal strings. Fields absent until the
 * transaction completes are optional; unknown fields are kept.
 */
export interface TransactionMetadata {
  entity: 'transaction_metadata' | (string & {});
  id: string;
  customer_uid: string;
  action?: string | null;
  flags: string[];
  fields: Record<string, TransactionField>;
  images?: Partial<Record<'front' | 'back' | 'selfie' | 'liveness', TransactionImage>>;
  duplicates?: Array<{ customer_uid: string; transaction_id: string }>;
  dashboard_url?: string;
  created_at?: string;
  completed_at?: string | null;
  [extra: string]: unknown;
}
