import type { DocumentSubject, Step } from '@berbix-capture/protocol';
import type { QualityAnalyser } from '../analysers/quality.js';
import type { FrameAnalyser, FrameContext } from '../analysers/types.js';
import { type CompressedImage, clampUploadMb, compressImage, frameToJpeg } from '../compress.js';
import type { GuidanceKey } from '../guidance.js';
import { toBase64 } from '../session-api.js';
import { isPdf417Result, isQualityResult } from './framing.js';
import type { Photo } from './state.js';

/** Turns camera frames and chosen files into photos ready to review (browser only: canvas, object URLs). */
export class PhotoMaker {
  constructor(
    private readonly options: {
      maxUploadMb: () => number;
      analysers: () => readonly FrameAnalyser[];
    },
  ) {}

  /** A camera frame: encoded, fitted to the upload limit. Does not close `frame`. */
  async fromFrame(frame: ImageBitmap, subject: DocumentSubject, barcode: string | null): Promise<Photo> {
    const jpeg = await frameToJpeg(frame);
    return this.photo(await compressImage(jpeg, clampUploadMb(this.options.maxUploadMb())), subject, barcode, null);
  }

  /** The upload path: a chosen or dropped file goes through the same checks as a camera frame. */
  async fromFile(file: Blob, step: Step, subject: DocumentSubject): Promise<Photo> {
    const image = await compressImage(file, clampUploadMb(this.options.maxUploadMb()));
    const { warning, barcode } = await this.checkStill(image.blob, step);
    return this.photo(image, subject, barcode, warning);
  }

  private photo(
    image: CompressedImage,
    subject: DocumentSubject,
    barcode: string | null,
    warning: GuidanceKey | null,
  ): Photo {
    return { image, url: URL.createObjectURL(image.blob), subject, barcode, warning };
  }

  /** Runs this step's analysers once over a whole still photo. */
  private async checkStill(blob: Blob, step: Step): Promise<{ warning: GuidanceKey | null; barcode: string | null }> {
    let warning: GuidanceKey | null = null;
    let barcode: string | null = null;
    const active = this.options.analysers().filter((a) => a.steps.includes(step));
    for (const analyser of active) {
      try {
        await analyser.prepare?.();
        const bitmap = await createImageBitmap(blob);
        const context: FrameContext = {
          step,
          guide: { x: 0, y: 0, width: bitmap.width, height: bitmap.height },
          frameWidth: bitmap.width,
          frameHeight: bitmap.height,
          timestamp: performance.now(),
          still: true,
        };
        (analyser as Partial<QualityAnalyser>).reset?.();
        const result = await analyser.analyse(bitmap, context);
        if (isQualityResult(result) && result.verdict !== 'good' && result.verdict !== 'moving') {
          warning ??= result.verdict;
        }
        if (isPdf417Result(result) && result.barcode) {
          if (step === 'upload_document_front') warning = 'wrong-side';
          else if (result.barcode.aamvaValid) barcode = toBase64(result.barcode.bytes);
        }
      } catch {
        // An analyser that cannot judge a photo does not block sending it.
      }
    }
    return { warning, barcode };
  }
}
