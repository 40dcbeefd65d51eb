import { parseAamva } from '@berbix-capture/aamva';
import { ISSUE_CODES, type IssueCode, type IssueDetails } from '@berbix-capture/protocol';
import { readPdf417 } from './barcode.js';
import { BARCODE_MAX_SIDE, type DecodedImage, decodeForInspection } from './decode.js';
import { type ImageFormat, sniffFormat } from './format.js';
import { isReadable, measureQuality, type QualityMeasures } from './quality.js';

export interface ImageInspectionInput {
  /** Whether this is the back (or barcode) image, whose PDF417 is read. */
  readBarcode: boolean;
  bytes: Uint8Array;
  declaredFormat: ImageFormat;
  /** The payload the device decoded, from `supplementary_data.extracted_barcode`. */
  supplementaryBarcode?: Uint8Array;
}

export interface Inspection {
  /** Most important first, as Berbix orders them. */
  issues: IssueCode[];
  issueDetails: IssueDetails;
  /** The AAMVA payload to keep, when one was read or accepted. */
  barcode?: Uint8Array;
  /** What was measured, for tests and the README's threshold table. */
  measures?: QualityMeasures;
}

/** Collects issues and keeps them in Berbix's order of importance. */
class IssueList {
  private readonly codes = new Set<IssueCode>();
  readonly details: IssueDetails = {};

  add(code: IssueCode, details?: Record<string, unknown>): void {
    this.codes.add(code);
    if (details) this.details[code] = { ...(this.details[code] ?? {}), ...details };
  }

  delete(code: IssueCode): void {
    this.codes.delete(code);
    delete this.details[code];
  }

  sorted(): IssueCode[] {
    const rank = (code: IssueCode) => {
      const index = (ISSUE_CODES as readonly string[]).indexOf(code);
      return index < 0 ? ISSUE_CODES.length : index;
    };
    return [...this.codes].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Inspects one uploaded document image: is it a real JPEG/PNG, is it readable (brightness,
 * sharpness), and for the back, does it carry a PDF417 with a supported AAMVA payload.
 */
export async function inspectImage(input: ImageInspectionInput): Promise<Inspection> {
  const issues = new IssueList();
  const sniffed = sniffFormat(input.bytes);
  if (!sniffed) {
    issues.add('bad_upload', { not_jpeg_or_png: true });
    return { issues: issues.sorted(), issueDetails: issues.details };
  }
  if (sniffed !== input.declaredFormat) issues.add('bad_upload', { format_mismatch: true });
  let decoded: DecodedImage;
  try {
    decoded = await decodeForInspection(input.bytes);
  } catch {
    issues.add('bad_upload', { corrupt_image: true });
    return { issues: issues.sorted(), issueDetails: issues.details };
  }
  const measures = measureQuality(decoded.analysis);
  if (!isReadable(measures)) issues.add('text_unreadable');
  if (!input.readBarcode) return { issues: issues.sorted(), issueDetails: issues.details, measures };

  // The full-resolution retry (slow: about 1 s at 12 MP) is only worth it for a sharp photo whose
  // symbol the 2048 px copy made too fine; a blurred one will not read at any size.
  const retryFullSize = Math.max(decoded.width, decoded.height) > BARCODE_MAX_SIDE && isReadable(measures);
  const fromImage = await readPdf417(decoded.barcode, retryFullSize ? input.bytes : undefined);
  const verdict = judgeBarcode(fromImage, input.supplementaryBarcode);
  if (verdict.issue) issues.add(verdict.issue, verdict.details);
  // A barcode that stands (read from this image, or a sound payload from the device) means the
  // back did its job, however soft or dim the rest of the photo is.
  if (verdict.barcode) issues.delete('text_unreadable');
  return {
    issues: issues.sorted(),
    issueDetails: issues.details,
    measures,
    ...(verdict.barcode && !verdict.issue && { barcode: verdict.barcode }),
  };
}

export interface BarcodeVerdict {
  barcode?: Uint8Array;
  issue?: IssueCode;
  details?: Record<string, unknown>;
}

/**
 * The rules for a back's barcode: the image's own PDF417 and the device's payload must agree when
 * both exist; the device's payload stands alone when the image is unreadable but it parses as
 * AAMVA; nothing readable is `incomplete_barcode_detected`; an AAMVA file without a DL or ID
 * subfile is `unsupported_id_type`.
 */
export function judgeBarcode(fromImage: Uint8Array | undefined, fromDevice: Uint8Array | undefined): BarcodeVerdict {
  if (fromImage && fromDevice && !sameBytes(fromImage, fromDevice)) {
    return { barcode: fromImage, issue: 'bad_upload', details: { barcode_mismatch: true } };
  }
  const payload = fromImage ?? fromDevice;
  if (!payload) return { issue: 'incomplete_barcode_detected' };
  return judgePayload(payload, fromImage !== undefined);
}

/** Judges an AAMVA payload on its own (also the id-scan path). */
export function judgePayload(payload: Uint8Array, readFromImage = false): BarcodeVerdict {
  const parsed = parseAamva(payload);
  const headerSound = !parsed.problems.some((p) => p.code === 'bad_header' || p.code === 'empty');
  if (headerSound && parsed.documentType === null && parsed.subfiles.length > 0) {
    const types = parsed.subfiles.map((s) => s.type).filter((t) => /^[A-Z0-9]{2}$/.test(t));
    return { issue: 'unsupported_id_type', details: { aamva_subfile_types: types } };
  }
  if (!parsed.valid) {
    // Read from the image but not a sound AAMVA file: a partial or damaged symbol.
    return readFromImage
      ? { barcode: payload, issue: 'incomplete_barcode_detected' }
      : { issue: 'incomplete_barcode_detected' };
  }
  return { barcode: payload };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}
