import {
  type BerbixClient,
  BerbixConnectionError,
  BerbixError,
  type Tokens,
  type TransactionMetadata,
} from '@berbix-capture/client';
import { ERROR_CODES, type IssueCode, type IssueDetails, isStep, type Step } from '@berbix-capture/protocol';
import { AdapterError } from './errors.js';
import type { ImageFormat } from './image.js';

/** What an upload to Berbix answered, in the protocol's words. */
export interface UpstreamUploadResult {
  issues: IssueCode[];
  issueDetails: IssueDetails;
  nextStep: Step;
}

export interface UpstreamImage {
  data: Buffer;
  subject: 'document_front' | 'document_back';
  format: ImageFormat;
  /** The decoded PDF417 payload, raw bytes. */
  barcode?: Buffer;
}

/**
 * The calls the adapter makes to Berbix, in one place, so the rest of the adapter does not depend
 * on the client's exact shape and each call is easy to find when reading a log.
 */
export interface Upstream {
  uploadImage(tokens: Tokens, image: UpstreamImage, requestId: string): Promise<UpstreamUploadResult>;
  uploadIdScan(tokens: Tokens, pdf417: Buffer, requestId: string): Promise<UpstreamUploadResult>;
  fetchTransaction(tokens: Tokens, requestId: string): Promise<TransactionMetadata>;
}

/** The adapter's request id travels to Berbix as `x-request-id`, so both sides' logs line up. */
const correlated = (requestId: string) => (requestId ? { headers: { 'x-request-id': requestId } } : {});

export function upstreamFor(client: BerbixClient): Upstream {
  return {
    async uploadImage(tokens, image, requestId) {
      const answer = await client.uploadImages(
        tokens,
        [
          {
            data: image.data,
            subject: image.subject,
            format: image.format,
            ...(image.barcode !== undefined && { barcode: image.barcode }),
          },
        ],
        correlated(requestId),
      );
      return normaliseUpload(answer);
    },
    async uploadIdScan(tokens, pdf417, requestId) {
      return normaliseUpload(await client.uploadIdScan(tokens, pdf417, correlated(requestId)));
    },
    async fetchTransaction(tokens, requestId) {
      return client.fetchTransaction(tokens, correlated(requestId));
    },
  };
}

function normaliseUpload(answer: { issues: readonly string[]; issueDetails: unknown; nextStep: unknown }) {
  if (!isStep(answer.nextStep)) {
    throw new AdapterError(502, ERROR_CODES.upstreamError, 'Berbix answered an upload without a known next step');
  }
  return {
    issues: [...answer.issues],
    issueDetails: (answer.issueDetails ?? {}) as IssueDetails,
    nextStep: answer.nextStep,
  };
}

/** How the adapter reacts to a failed upstream call. */
export type UpstreamFailure =
  /** 409: the transaction is elsewhere; `step` is where, when Berbix said so. */
  | { kind: 'conflict'; step: Step | null }
  /** 404/410: the transaction is gone; the session ends. */
  | { kind: 'gone' }
  /** 413: Berbix found the body too large after all. */
  | { kind: 'too-large' }
  /** 429, 5xx or no answer, after the client's own retries. */
  | { kind: 'unavailable'; retryAfterSeconds: number; mayHaveBeenApplied: boolean }
  /** Anything else (400, 401 after a refresh, a malformed answer): our fault or Berbix's, not the browser's. */
  | { kind: 'broken' };

/**
 * Classifies an error from the client by status and documented properties rather than by class,
 * so that it keeps working as the client's class tree grows.
 */
export function classifyUpstreamError(error: unknown): UpstreamFailure {
  if (error instanceof AdapterError) return { kind: 'broken' };
  if (!(error instanceof BerbixError)) return { kind: 'broken' };
  const status = error.statusCode;
  const details = error as BerbixError & { nextStep?: unknown; retryAfter?: unknown; mayHaveReachedServer?: unknown };
  if (status === 409) return { kind: 'conflict', step: isStep(details.nextStep) ? details.nextStep : null };
  if (status === 404 || status === 410) return { kind: 'gone' };
  if (status === 413) return { kind: 'too-large' };
  // No status and no connection failure: an answer the client would not take (a redirect, say).
  // Trying again changes nothing, so it is not a retryable 503.
  if (status === undefined && !(error instanceof BerbixConnectionError)) return { kind: 'broken' };
  if (status === undefined || status === 429 || status >= 500) {
    const retryAfter = typeof details.retryAfter === 'number' ? Math.ceil(details.retryAfter) : 1;
    return {
      kind: 'unavailable',
      retryAfterSeconds: Math.min(Math.max(retryAfter, 1), 60),
      mayHaveBeenApplied: status === undefined ? details.mayHaveReachedServer !== false : status >= 500,
    };
  }
  return { kind: 'broken' };
}
