import type { QualityResult } from '../analysers/quality.js';
import type { FrameContext, Pdf417Result } from '../analysers/types.js';
import { BARCODE_WAIT_MS, confidentCard, MissingSymbolWatch } from '../back-step.js';
import type { CardOutline } from '../capture-view.js';
import type { ExposureDirection } from '../controllers/exposure.js';
import { AutoCaptureGate, GuidanceHold, type GuidanceKey, SharpestRecent } from '../guidance.js';
import { toBase64 } from '../session-api.js';

/** `symbolSeen` of a reader that reports it (the default decoder); undefined when it cannot tell. */
function symbolSeen(result: Pdf417Result): boolean | undefined {
  if (result.barcode) return true;
  // A page's own analyser may send anything: only a boolean counts.
  return typeof result.symbolSeen === 'boolean' ? result.symbolSeen : undefined;
}

export function isPdf417Result(value: unknown): value is Pdf417Result {
  return typeof value === 'object' && value !== null && 'barcode' in value && 'decodeMs' in value;
}

export function isQualityResult(value: unknown): value is QualityResult {
  return typeof value === 'object' && value !== null && 'verdict' in value && 'metrics' in value;
}

/** One analysed frame, as the frame loop hands it over (the receiver owns `frame`). */
export interface JudgedFrame {
  frame: ImageBitmap;
  context: FrameContext;
  results: Map<string, unknown>;
}

export interface FramingOptions {
  now: number;
  autoCapture: boolean;
  /** This is a back step where the barcode, not the quality verdict, decides (see `expectsPdf417`). */
  barcodeStep: boolean;
  /** Moves the camera's exposure if it can; true when it did (then the frame is not judged on light). */
  adjustExposure: (direction: ExposureDirection, now: number) => boolean;
}

/**
 * What the live frames of one step say: the guidance shown (held so it reads), the card outlined,
 * the barcode read, and when a frame should be captured by itself. Plain state, no DOM: fed with
 * each analysed frame and the time.
 */
export class StepFraming {
  guidance: GuidanceKey | null = null;
  /** The card the quality analyser found in the latest frame, drawn over the preview. */
  card: CardOutline | null = null;
  /** The barcode wait ended without a read: the shutter is offered with advice. */
  barcodeAdvice = false;
  /** The AAMVA barcode read on this step, base64. */
  barcode: string | null = null;

  private readonly hold = new GuidanceHold();
  private readonly gate = new AutoCaptureGate();
  private readonly sharpest = new SharpestRecent();
  private readonly symbolWatch = new MissingSymbolWatch();
  /** The latest quality verdict was `good`: a frame fit to judge whether a barcode shows. */
  private qualityGood = false;
  private stepStartedAt = 0;

  /** A step's capture begins now. */
  begin(now: number): void {
    this.stepStartedAt = now;
  }

  /**
   * The camera shows its first frame: "looking for your ID" until the frames say more, held like any
   * other message so the first verdict does not flash past it. A camera that reopens mid-step (a
   * switch) keeps what was shown.
   */
  look(now: number): void {
    if (this.guidance === null) this.guidance = this.hold.offer('looking', now);
  }

  reset(): void {
    this.hold.reset();
    this.gate.reset();
    this.sharpest.clear();
    this.symbolWatch.reset();
    this.qualityGood = false;
    this.guidance = null;
    this.card = null;
    this.barcodeAdvice = false;
    this.barcode = null;
  }

  /** Closes the frames kept for the shutter. */
  clearFrames(): void {
    this.sharpest.clear();
  }

  /** The sharpest frame of the last second (the caller owns it), or null. */
  takeSharpest(now: number): ImageBitmap | null {
    return this.sharpest.take(now);
  }

  /** Judges one frame; returns the frame to capture now (the caller owns it), or null. Takes ownership of `frame`. */
  judge({ frame, context, results }: JudgedFrame, options: FramingOptions): ImageBitmap | null {
    const { now } = options;
    const quality = [...results.values()].find(isQualityResult);
    const pdf417 = [...results.values()].find(isPdf417Result);
    if (quality) this.noteCard(quality, context);
    if (pdf417?.barcode && context.step === 'upload_document_front') {
      this.guidance = this.hold.offer('wrong-side', now);
      this.gate.reset();
      frame.close();
      return null;
    }
    // Only a sound AAMVA payload is worth sending; a partial read just means "keep going".
    if (pdf417?.barcode?.aamvaValid && context.step === 'upload_document_back') {
      this.barcode = toBase64(pdf417.barcode.bytes);
      this.guidance = this.hold.offer('good', now);
      // A frame the barcode decodes from is sharp enough to send.
      if (options.autoCapture) return frame;
      this.sharpest.push(frame, Number.POSITIVE_INFINITY, now);
      return null;
    }
    const barcodeStep = context.step === 'upload_document_back' && options.barcodeStep;
    if (barcodeStep) this.watchForBarcode(pdf417, now);
    if (!quality) {
      frame.close();
      return null;
    }
    const verdict = quality.verdict;
    // Light the camera can take away or add is not the person's problem yet: expose first, advise after.
    const direction = verdict === 'too-bright' || verdict === 'glare' ? 'down' : verdict === 'too-dark' ? 'up' : null;
    if (direction && options.adjustExposure(direction, now)) {
      this.gate.reset();
      frame.close();
      return null;
    }
    this.sharpest.push(frame, quality.metrics.sharpness, now);
    if (barcodeStep) {
      // "Good" and the green guide belong to the barcode here; the verdict only says what to fix.
      const candidate =
        verdict !== 'good' ? verdict : this.symbolWatch.missing(now) ? 'show-barcode' : 'reading-barcode';
      this.guidance = this.hold.offer(candidate, now);
      return null;
    }
    this.guidance = this.hold.offer(verdict, now);
    const ready = this.gate.offer(verdict === 'good');
    return ready && options.autoCapture ? this.sharpest.take(now) : null;
  }

  /** Keeps the found card for the view, and what the back step needs to know about it. */
  private noteCard(quality: QualityResult, context: FrameContext): void {
    const found = confidentCard(quality.metrics);
    this.qualityGood = quality.verdict === 'good';
    if (!found) {
      this.symbolWatch.cardLost();
      this.card = null;
      return;
    }
    this.card = { corners: found.corners, frameWidth: context.frameWidth, frameHeight: context.frameHeight };
  }

  /** The back step waits for the barcode: notices a card showing no symbol, and the end of the wait. */
  private watchForBarcode(pdf417: Pdf417Result | undefined, now: number): void {
    if (pdf417) this.symbolWatch.reading(symbolSeen(pdf417), this.card !== null, this.qualityGood, now);
    if (!this.barcodeAdvice && now - this.stepStartedAt >= BARCODE_WAIT_MS) this.barcodeAdvice = true;
  }
}
