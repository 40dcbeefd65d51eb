import { BerbixError } from '@berbix-capture/client';
import {
  BARCODE_HEADER,
  type DocumentSubject,
  ERROR_CODES,
  IdScanRequestSchema,
  isDocumentSubject,
  STEP_FOR_SUBJECT,
  type UploadResponse,
} from '@berbix-capture/protocol';
import createDebug from 'debug';
import type { Request, Response } from 'express';
import { decodeStrictBase64, mediaType, readCappedBody } from './body.js';
import { clientKeys, takeBudget } from './budget.js';
import { completeSession } from './completion.js';
import type { AdapterContext } from './context.js';
import { clearSessionCookie } from './cookie.js';
import { AdapterError } from './errors.js';
import { type ImageFormat, readImageHeader, sniffFormat } from './image.js';
import { acquireLease, type Lease, releaseLease, settleLease } from './leases.js';
import { wrongStep } from './refusals.js';
import { loadCaller, openTokens, requireDriver } from './repository.js';
import { readRequest } from './requests.js';
import type { SessionRecord } from './store.js';
import type { LeasePurpose } from './transitions.js';
import { classifyUpstreamError, type UpstreamUploadResult } from './upstream.js';

const log = createDebug('berbix-capture:adapter');

const ACCEPTED_TYPES: readonly ImageFormat[] = ['image/jpeg', 'image/png'];

/** Checks everything about an image upload that needs no body, so a refusal costs no bandwidth. */
function checkImageRequest(ctx: AdapterContext, req: Request, session: SessionRecord, subject: DocumentSubject) {
  if (session.step !== STEP_FOR_SUBJECT[subject]) throw wrongStep(session.step);
  const declared = mediaType(req);
  if (!(ACCEPTED_TYPES as readonly string[]).includes(declared)) {
    throw new AdapterError(415, ERROR_CODES.unsupportedMediaType, 'send the image as image/jpeg or image/png');
  }
  const header = req.headers[BARCODE_HEADER];
  if (header === undefined) return { format: declared as ImageFormat, barcode: undefined };
  if (subject !== 'document_back') {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, `${BARCODE_HEADER} goes only with document_back`);
  }
  if (Array.isArray(header)) throw new AdapterError(400, ERROR_CODES.invalidRequest, `send ${BARCODE_HEADER} once`);
  const barcode = decodeStrictBase64(header.trim(), ctx.config.limits.maxBarcodeBytes, BARCODE_HEADER);
  return { format: declared as ImageFormat, barcode };
}

/** Checks the bytes themselves: the format they start like, and the pixel size in their header. */
function checkImageBytes(ctx: AdapterContext, bytes: Buffer, declared: ImageFormat): void {
  const sniffed = sniffFormat(bytes);
  if (sniffed !== declared) {
    throw new AdapterError(
      415,
      ERROR_CODES.unsupportedMediaType,
      sniffed ? `the body is ${sniffed}, not ${declared}` : `the body is not ${declared}`,
    );
  }
  const header = readImageHeader(bytes);
  if (!header) throw new AdapterError(415, ERROR_CODES.unsupportedMediaType, `the ${declared} header cannot be read`);
  const max = ctx.config.limits.maxImageDimension;
  if (header.width > max || header.height > max) {
    throw new AdapterError(
      422,
      ERROR_CODES.imageTooLarge,
      `the image is ${header.width}x${header.height} px; at most ${max} px a side`,
    );
  }
}

/** `POST /session/images/:subject`: checks, then forwards one image to Berbix. */
export async function uploadImage(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const { record: session, device } = requireDriver(await loadCaller(ctx, req));
  const subject = req.params.subject;
  if (!isDocumentSubject(subject)) {
    throw new AdapterError(400, ERROR_CODES.invalidRequest, 'subject must be document_front or document_back');
  }
  takeBudget(ctx, req, 'upload', session.id);
  const { format, barcode } = checkImageRequest(ctx, req, session, subject);
  const release = ctx.uploadSlots.take(clientKeys(req, session.id));
  try {
    const bytes = await readCappedBody(req, ctx.config.limits.maxImageBytes, ctx.config.limits.bodyTimeoutMs);
    if (bytes.length === 0) throw new AdapterError(415, ERROR_CODES.unsupportedMediaType, 'the body is empty');
    checkImageBytes(ctx, bytes, format);
    await forward(ctx, req, res, session.id, { for: 'image', device, step: STEP_FOR_SUBJECT[subject] }, (tokens) =>
      ctx.upstream.uploadImage(
        tokens,
        { data: bytes, subject, format, ...(barcode && { barcode }) },
        String(res.locals.requestId ?? ''),
      ),
    );
  } finally {
    release();
  }
}

/** `POST /session/idscan {pdf417}`: a barcode from scanner hardware, forwarded as an id scan. */
export async function uploadIdScan(ctx: AdapterContext, req: Request, res: Response): Promise<void> {
  const { record: session, device } = requireDriver(await loadCaller(ctx, req));
  takeBudget(ctx, req, 'upload', session.id);
  const { pdf417 } = readRequest(IdScanRequestSchema, req.body, ['pdf417']);
  const payload = decodeStrictBase64(pdf417, ctx.config.limits.maxBarcodeBytes, 'pdf417');
  if (session.step === 'done') throw wrongStep('done');
  // Berbix decides at which step a scan is welcome; a 409 from it resynchronises the session.
  await forward(ctx, req, res, session.id, { for: 'idscan', device }, (tokens) =>
    ctx.upstream.uploadIdScan(tokens, payload, String(res.locals.requestId ?? '')),
  );
}

/**
 * Forwards one upload under the session's lease, then records what Berbix answered and, on `done`,
 * completes the session before the browser hears about it (so `getResult` already works when the
 * page moves on).
 */
async function forward(
  ctx: AdapterContext,
  req: Request,
  res: Response,
  sessionId: string,
  purpose: LeasePurpose,
  call: (tokens: ReturnType<typeof openTokens>) => Promise<UpstreamUploadResult>,
): Promise<void> {
  const lease = await acquireLease(ctx, sessionId, purpose);
  let tokens: ReturnType<typeof openTokens>;
  try {
    tokens = openTokens(ctx.keys, lease.record);
  } catch (error) {
    await releaseLease(ctx, lease);
    throw error;
  }
  let answer: UpstreamUploadResult;
  try {
    answer = await call(tokens);
  } catch (error) {
    throw await failedUpload(ctx, req, res, lease, tokens, error);
  }
  const stored = await settleLease(ctx, lease, tokens, { step: answer.nextStep, countAttempt: true });
  log(
    'request %s: upload answered, next step %s, %d issue(s)',
    res.locals.requestId,
    answer.nextStep,
    answer.issues.length,
  );
  if (stored?.step === 'done' && stored.completion === 'pending' && stored.lease?.owner === lease.owner) {
    await completeSession(ctx, { ...lease, record: stored }, tokens, req);
  }
  const body: UploadResponse = { issues: answer.issues, issueDetails: answer.issueDetails, nextStep: answer.nextStep };
  res.json(body);
}

/** Records what a failed upload teaches (refreshed tokens, the real step, a gone transaction) and says what to answer. */
async function failedUpload(
  ctx: AdapterContext,
  req: Request,
  res: Response,
  lease: Lease,
  tokens: ReturnType<typeof openTokens>,
  error: unknown,
): Promise<unknown> {
  const failure = classifyUpstreamError(error);
  // Class name and status only: messages from upstream are not ours to log.
  const details =
    error instanceof BerbixError ? `${error.type} ${error.statusCode ?? 'no answer'}` : 'not a Berbix error';
  log('request %s: upload failed upstream (%s: %s)', res.locals.requestId, failure.kind, details);
  switch (failure.kind) {
    case 'conflict': {
      const stored = await settleLease(ctx, lease, tokens, { step: failure.step });
      const step = stored?.step ?? failure.step ?? lease.record.step;
      if (stored?.step === 'done' && stored.completion === 'pending' && stored.lease?.owner === lease.owner) {
        await completeSession(ctx, { ...lease, record: stored }, tokens, req);
      }
      return wrongStep(step);
    }
    case 'gone':
      await ctx.store.delete(lease.sessionId);
      clearSessionCookie(req, res, ctx.config.cookieName);
      return new AdapterError(410, ERROR_CODES.sessionGone, 'the capture session has ended; start a new one');
    case 'too-large':
      await settleLease(ctx, lease, tokens);
      return new AdapterError(
        413,
        ERROR_CODES.payloadTooLarge,
        'the image is too large for Berbix (at most 20 MB, about 15 MB once encoded for the upload)',
      );
    case 'unavailable':
      await settleLease(ctx, lease, tokens);
      return new AdapterError(503, ERROR_CODES.upstreamUnavailable, 'Berbix is not answering; try again shortly', {
        retryAfterSeconds: failure.retryAfterSeconds,
      });
    case 'broken':
      await settleLease(ctx, lease, tokens);
      return error instanceof AdapterError
        ? error
        : new AdapterError(502, ERROR_CODES.upstreamError, 'Berbix refused the request');
  }
}
