import { sniffSizedFormat } from '@berbix-capture/imaging';
import { IMAGE_SUBJECTS } from '@berbix-capture/protocol';
import type { IdScansUploadRequest, UploadImageBody } from '@berbix-capture/protocol/berbix';
import { BerbixPayloadTooLargeError } from './errors.js';
import { Base64Field, StreamedJsonBody } from './json-stream.js';
import type { UploadImage } from './types.js';

/** Berbix refuses images of 20 MB or more, and request bodies past 20 MB. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_BODY_BYTES = 20 * 1024 * 1024;
/** One image a call, or the three selfie subjects together: never more. */
const MAX_IMAGES_PER_CALL = 3;
/** A PDF417 symbol holds at most about 1.1 kB; anything far bigger is not a barcode payload. */
export const MAX_BARCODE_BYTES = 64 * 1024;

function base64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8').toString('base64')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function checkBarcode(barcode: unknown, what: string): Uint8Array | string {
  if (!(barcode instanceof Uint8Array) && typeof barcode !== 'string') {
    throw new TypeError(`${what} must be a Uint8Array or a string`);
  }
  const size = typeof barcode === 'string' ? Buffer.byteLength(barcode) : barcode.byteLength;
  if (size === 0) throw new TypeError(`${what} is empty`);
  if (size > MAX_BARCODE_BYTES) throw new TypeError(`${what} is over ${MAX_BARCODE_BYTES} bytes`);
  return barcode;
}

const tooLarge = (message: string) =>
  // statusCode 413 although no request was sent: callers handle it exactly like Berbix's own 413.
  new BerbixPayloadTooLargeError(message, { statusCode: 413, code: 'payload_too_large' });

/** One image of the contract's upload body, its bytes streamed as base64 instead of held as a string. */
type StreamedImageBody = Omit<UploadImageBody, 'data'> & { data: Base64Field };

/**
 * Validates images and builds the `POST /v0/images/upload` body, streamed: the images' base64 is
 * written from their bytes as the request is sent, never held whole (see {@link StreamedJsonBody}).
 * The bytes are read again on each attempt, so they must not change until the call settles.
 * Malformed input throws a `TypeError` naming the field; an image or body over Berbix's limits
 * throws {@link BerbixPayloadTooLargeError} before anything is sent.
 */
export function imagesUploadBody(images: readonly UploadImage[]): StreamedJsonBody {
  if (!Array.isArray(images) || images.length === 0) throw new TypeError('images must be a non-empty array');
  if (images.length > MAX_IMAGES_PER_CALL) throw new TypeError(`at most ${MAX_IMAGES_PER_CALL} images a call`);
  const body = {
    images: images.map((image, index): StreamedImageBody => {
      const what = `images[${index}]`;
      if (!image || typeof image !== 'object') throw new TypeError(`${what} must be an object`);
      const { data, subject, format, barcode } = image;
      if (!(data instanceof Uint8Array) || data.byteLength === 0) {
        throw new TypeError(`${what}.data must be a non-empty Uint8Array`);
      }
      if (!(IMAGE_SUBJECTS as readonly string[]).includes(subject)) {
        throw new TypeError(`${what}.subject must be one of ${IMAGE_SUBJECTS.join(', ')}`);
      }
      if (format !== 'image/jpeg' && format !== 'image/png') {
        throw new TypeError(`${what}.format must be image/jpeg or image/png`);
      }
      if (sniffSizedFormat(data) !== format) {
        throw new TypeError(`${what}.data is not a ${format === 'image/jpeg' ? 'JPEG' : 'PNG'} file`);
      }
      if (data.byteLength >= MAX_IMAGE_BYTES) throw tooLarge(`${what} is ${MAX_IMAGE_BYTES} bytes or more`);
      return {
        data: new Base64Field(data),
        image_subject: subject,
        format,
        ...(barcode !== undefined && {
          supplementary_data: {
            extracted_barcode: {
              barcode_type: 'pdf417' as const,
              extracted_data: base64(checkBarcode(barcode, `${what}.barcode`)),
            },
          },
        }),
      };
    }),
  };
  const streamed = new StreamedJsonBody(body);
  // base64 inflates by 4/3: a 16 MB JPEG already makes a body over the limit.
  if (streamed.length > MAX_UPLOAD_BODY_BYTES) {
    throw tooLarge(`the upload body would be ${streamed.length} bytes, over ${MAX_UPLOAD_BODY_BYTES}`);
  }
  return streamed;
}

/** Validates a raw PDF417 payload and builds the `POST /v0/idscans/upload` body. */
export function idScanUploadBody(pdf417: Uint8Array | string): IdScansUploadRequest {
  return { id_scans: [{ scan_type: 'pdf417', extracted_data: base64(checkBarcode(pdf417, 'pdf417')) }] };
}
