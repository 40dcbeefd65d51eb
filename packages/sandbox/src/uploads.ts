import { createHash } from 'node:crypto';
import type { ImageSubject } from '@berbix-capture/protocol';
import { IdScansUploadRequestSchema, ImagesUploadRequestSchema } from '@berbix-capture/protocol/berbix';
import type * as v from 'valibot';
import { requireTransaction } from './auth.js';
import type { Reply, RouteContext, SandboxServices } from './context.js';
import { badRequest, conflict, gone, payloadTooLarge } from './errors.js';
import { acceptIdScan, forcedOutcome, settleAttempt, type UploadAnswer } from './flow.js';
import { MAX_BODY_BYTES } from './http.js';
import { type ImageFormat, readDimensions, sniffFormat } from './inspect/format.js';
import { inspectImage, judgePayload } from './inspect/inspector.js';
import type { TransactionRecord } from './state.js';
import { acceptsIdScan, SUBJECTS_FOR_STEP } from './steps.js';
import { decodeBase64, readRequest } from './wire.js';

/** Berbix refuses images over 20 MB and more than 10,000 px on a side. */
export const MAX_IMAGE_BYTES = MAX_BODY_BYTES;
export const MAX_IMAGE_SIDE = 10_000;

type ImagesUploadRequestImage = v.InferOutput<typeof ImagesUploadRequestSchema>['images'][number];

interface ImageUpload {
  subject: ImageSubject;
  format: ImageFormat;
  bytes: Buffer;
  barcode?: Buffer;
}

/** `POST /v0/images/upload`: one document image, inspected, then the step machine decides. */
export async function uploadImages({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'client');
  const { images } = await readRequest(req, ImagesUploadRequestSchema);
  // The contract lets the three selfie subjects go together; the sandbox serves documents only.
  const [image] = images;
  if (!image || images.length !== 1) throw badRequest('images', 'must hold exactly one document image');
  const upload = imageUpload(image);
  requireStepFor(tx, upload.subject);
  const format = sniffFormat(upload.bytes);
  const dimensions = format && readDimensions(upload.bytes, format);
  if (dimensions && (dimensions.width > MAX_IMAGE_SIDE || dimensions.height > MAX_IMAGE_SIDE)) {
    throw badRequest('images[0].data', `the image is more than ${MAX_IMAGE_SIDE} px on a side`);
  }
  const answer = await inspectAndSettle(tx, upload, sandbox);
  sandbox.counters.upload(upload.subject);
  return { status: 200, body: answer };
}

async function inspectAndSettle(
  tx: TransactionRecord,
  upload: ImageUpload,
  sandbox: SandboxServices,
): Promise<UploadAnswer> {
  const isBack = tx.step === 'upload_document_back';
  if (upload.barcode) {
    const received = createHash('sha256').update(upload.barcode).digest('hex');
    tx.supplementaryBarcodeDigests = [...(tx.supplementaryBarcodeDigests ?? []), received];
  }
  const forced = forcedOutcome(tx, isBack ? 'back' : 'front', tx.attempts);
  if (forced) return settleAttempt(tx, forced, sandbox);
  const digest = createHash('sha256').update(upload.bytes).digest('hex');
  // Unknown type and the passport page sent again at the back step: it is a passport; proceed.
  if (isBack && tx.idType === undefined && tx.frontDigest === digest) {
    tx.idType = 'P';
    return settleAttempt(tx, { issues: [], issueDetails: {} }, sandbox);
  }
  const inspection = await inspectImage({
    readBarcode: isBack,
    bytes: upload.bytes,
    declaredFormat: upload.format,
    ...(upload.barcode && { supplementaryBarcode: upload.barcode }),
  });
  // The transaction may have moved on (or been deleted) while the image was inspected.
  requireStepFor(tx, upload.subject);
  return settleAttempt(
    tx,
    {
      issues: inspection.issues,
      issueDetails: inspection.issueDetails,
      ...(inspection.barcode && { barcode: inspection.barcode }),
      ...(!isBack && { frontDigest: digest }),
    },
    sandbox,
  );
}

/** 409 with `next_step` unless `subject` is what the transaction's step expects (410 once deleted). */
function requireStepFor(tx: TransactionRecord, subject: ImageSubject): void {
  if (tx.deleted) throw gone();
  if (tx.step === 'done') throw conflict('the transaction is done; a new attempt needs a new transaction', 'done');
  if (!SUBJECTS_FOR_STEP[tx.step].includes(subject)) {
    throw conflict(`${subject} is not expected now`, tx.step);
  }
}

/** The upload the schema read, its base64 decoded; an image past Berbix's limit is a 413. */
function imageUpload(image: ImagesUploadRequestImage): ImageUpload {
  const bytes = decodeBase64(image.data);
  if (bytes.length > MAX_IMAGE_BYTES) throw payloadTooLarge('image', MAX_IMAGE_BYTES);
  const extracted = image.supplementary_data?.extracted_barcode;
  return {
    subject: image.image_subject,
    format: image.format,
    bytes,
    ...(extracted && { barcode: decodeBase64(extracted.extracted_data) }),
  };
}

/**
 * `POST /v0/idscans/upload`: a PDF417 payload from scanner hardware. A sound AAMVA payload
 * finishes the transaction; otherwise the issue comes back and the photo path continues from the
 * current step (scan failures do not use up the photo retries).
 */
export async function uploadIdScans({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'client');
  const { id_scans: scans } = await readRequest(req, IdScansUploadRequestSchema);
  const [scan] = scans; // the schema lets exactly one through
  if (!scan) throw badRequest('id_scans', 'must hold exactly one scan');
  const payload = decodeBase64(scan.extracted_data);
  if (tx.step === 'done') throw conflict('the transaction is done; a new attempt needs a new transaction', 'done');
  if (!acceptsIdScan(tx.step)) throw conflict('an id scan is not expected now', tx.step);
  sandbox.counters.idscan();
  const forced = forcedOutcome(tx, 'idscan', tx.idscanAttempts);
  tx.idscanAttempts += 1;
  if (forced) return { status: 200, body: retakeAnswer(tx, forced.issues, forced.issueDetails) };
  const verdict = judgePayload(payload);
  if (verdict.barcode && !verdict.issue) return { status: 200, body: acceptIdScan(tx, verdict.barcode, sandbox) };
  // Not an AAMVA file at all is a bad upload; an AAMVA file that does not parse is incomplete.
  const issue =
    verdict.issue === 'incomplete_barcode_detected' && !isAamvaShaped(payload) ? 'bad_upload' : verdict.issue;
  const details = verdict.issue && verdict.details && issue === verdict.issue ? { [issue]: verdict.details } : {};
  return { status: 200, body: retakeAnswer(tx, [issue ?? 'incomplete_barcode_detected'], details) };
}

function retakeAnswer(
  tx: TransactionRecord,
  issues: UploadAnswer['issues'],
  details: UploadAnswer['issue_details'],
): UploadAnswer {
  return { issues, issue_details: details, next_step: tx.step };
}

/** Whether the bytes carry an AAMVA file type marker anywhere near the start. */
function isAamvaShaped(payload: Uint8Array): boolean {
  const head = Buffer.from(payload.subarray(0, 64)).toString('latin1');
  return head.includes('ANSI ') || head.includes('AAMVA');
}
