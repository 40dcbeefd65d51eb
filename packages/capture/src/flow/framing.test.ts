import type { Step } from '@berbix-capture/protocol';
import { describe, expect, it } from 'vitest';
import type { QualityVerdict } from '../analysers/quality-metrics.js';
import type { FrameContext } from '../analysers/types.js';
import { BARCODE_WAIT_MS, NO_SYMBOL_MS } from '../back-step.js';
import { AUTO_CAPTURE_STREAK, GUIDANCE_HOLD_MS } from '../guidance.js';
import { type FramingOptions, StepFraming } from './framing.js';

interface FakeFrame {
  id: number;
  closed: boolean;
  close(): void;
}

let ids = 0;
function fakeFrame(): FakeFrame {
  const f: FakeFrame = {
    id: ++ids,
    closed: false,
    close() {
      f.closed = true;
    },
  };
  return f;
}

const corners = [
  [10, 10],
  [90, 10],
  [90, 60],
  [10, 60],
];

function quality(verdict: QualityVerdict, sharpness = 200, card = true) {
  return {
    verdict,
    metrics: { sharpness, card: card ? { corners, confidence: 0.9 } : null },
  };
}

function barcode(aamvaValid: boolean, bytes = [65, 66]) {
  return { barcode: { bytes: new Uint8Array(bytes), text: 'AB', aamvaValid }, decodeMs: 5 };
}

/** One analysed frame on `step` with these results. */
function judged(step: Step, ...results: unknown[]) {
  const frame = fakeFrame();
  const context: FrameContext = {
    step,
    guide: { x: 0, y: 0, width: 100, height: 70 },
    frameWidth: 100,
    frameHeight: 70,
    timestamp: 0,
  };
  const map = new Map<string, unknown>(results.map((r, i) => [`a${i}`, r]));
  return { frame, input: { frame: frame as unknown as ImageBitmap, context, results: map } };
}

const options = (now: number, overrides: Partial<FramingOptions> = {}): FramingOptions => ({
  now,
  autoCapture: true,
  barcodeStep: false,
  adjustExposure: () => false,
  ...overrides,
});

describe('StepFraming', () => {
  it('the camera goes live: "looking" at once, held like any message, back after a reset, kept through a switch', () => {
    const framing = new StepFraming();
    expect(framing.guidance).toBeNull();
    framing.look(1000);
    expect(framing.guidance).toBe('looking');
    // The first verdict waits for the hold rather than flashing past "looking".
    framing.judge(judged('upload_document_front', quality('too-dark')).input, options(1200));
    expect(framing.guidance).toBe('looking');
    framing.judge(judged('upload_document_front', quality('too-dark')).input, options(1000 + GUIDANCE_HOLD_MS));
    expect(framing.guidance).toBe('too-dark');
    // A camera that reopens mid-step (a switch) keeps the current message.
    framing.look(5000);
    expect(framing.guidance).toBe('too-dark');
    framing.reset();
    framing.look(6000);
    expect(framing.guidance).toBe('looking');
  });

  it('a barcode on the front step is the wrong side: said at once, the frame closed, no capture', () => {
    const framing = new StepFraming();
    const { frame, input } = judged('upload_document_front', quality('good'), barcode(true));
    expect(framing.judge(input, options(0))).toBeNull();
    expect(framing.guidance).toBe('wrong-side');
    expect(frame.closed).toBe(true);
    expect(framing.card).toEqual({ corners, frameWidth: 100, frameHeight: 70 });
  });

  it('on the back, a sound AAMVA read captures that very frame and keeps the payload', () => {
    const framing = new StepFraming();
    const partial = judged('upload_document_back', barcode(false));
    expect(framing.judge(partial.input, options(0, { barcodeStep: true }))).toBeNull();
    expect(framing.barcode).toBeNull();
    const { frame, input } = judged('upload_document_back', barcode(true));
    expect(framing.judge(input, options(10, { barcodeStep: true }))).toBe(frame);
    expect(framing.barcode).toBe('QUI=');
    expect(framing.guidance).toBe('good');
  });

  it('without auto-capture the read frame is kept for the shutter', () => {
    const framing = new StepFraming();
    const { frame, input } = judged('upload_document_back', barcode(true));
    expect(framing.judge(input, options(0, { autoCapture: false }))).toBeNull();
    expect(framing.takeSharpest(100)).toBe(frame);
  });

  it(`${AUTO_CAPTURE_STREAK} good frames in a row capture the sharpest of them; a bad one restarts the count`, () => {
    const framing = new StepFraming();
    const frames = [300, 500, 200].map((s, i) => {
      const f = judged('upload_document_front', quality('good', s));
      expect(framing.judge(f.input, options(i * 10))).toBeNull();
      return f.frame;
    });
    expect(framing.judge(judged('upload_document_front', quality('blurry', 50)).input, options(30))).toBeNull();
    for (let i = 0; i < AUTO_CAPTURE_STREAK - 1; i++) {
      expect(framing.judge(judged('upload_document_front', quality('good', 100)).input, options(40 + i))).toBeNull();
    }
    const captured = framing.judge(judged('upload_document_front', quality('good', 100)).input, options(50));
    expect(captured).toBe(frames[1]);
    expect(frames[0]?.closed).toBe(true);
  });

  it('guidance is held for a second before another message replaces it', () => {
    const framing = new StepFraming();
    framing.judge(judged('upload_document_front', quality('blurry')).input, options(0, { autoCapture: false }));
    framing.judge(
      judged('upload_document_front', quality('too-dark')).input,
      options(GUIDANCE_HOLD_MS - 1, { autoCapture: false }),
    );
    expect(framing.guidance).toBe('blurry');
    framing.judge(
      judged('upload_document_front', quality('too-dark')).input,
      options(GUIDANCE_HOLD_MS, { autoCapture: false }),
    );
    expect(framing.guidance).toBe('too-dark');
    framing.reset();
    expect([framing.guidance, framing.card, framing.barcodeAdvice, framing.barcode]).toEqual([null, null, false, null]);
  });

  it('glare the camera can dim is not said: the exposure goes down and the frame is dropped', () => {
    const framing = new StepFraming();
    const dims: number[] = [];
    const { frame, input } = judged('upload_document_front', quality('glare'));
    framing.judge(
      input,
      options(7, { adjustExposure: (direction, now) => dims.push(now) > 0 && direction === 'down' }),
    );
    expect(dims).toEqual([7]);
    expect(frame.closed).toBe(true);
    expect(framing.guidance).toBeNull();
    framing.judge(judged('upload_document_front', quality('glare')).input, options(8));
    expect(framing.guidance).toBe('glare');
  });

  it('a dark frame the camera can brighten is not said: the exposure goes up and the frame is dropped', () => {
    const framing = new StepFraming();
    const asked: string[] = [];
    const { frame, input } = judged('upload_document_front', quality('too-dark'));
    framing.judge(input, options(7, { adjustExposure: (direction) => asked.push(direction) > 0 }));
    expect(asked).toEqual(['up']);
    expect(frame.closed).toBe(true);
    expect(framing.guidance).toBeNull();
    // When the camera can do no more, the person is told.
    framing.judge(judged('upload_document_front', quality('too-dark')).input, options(9));
    expect(framing.guidance).toBe('too-dark');
    // A blurry frame asks nothing of the exposure.
    const other = new StepFraming();
    other.judge(
      judged('upload_document_front', quality('blurry')).input,
      options(10, { adjustExposure: (d) => asked.push(d) > 0 }),
    );
    expect(asked).toEqual(['up']);
    expect(other.guidance).toBe('blurry');
  });

  it('on a barcode back, good reads as "reading the barcode", never captures, and the wait ends in advice', () => {
    const framing = new StepFraming();
    framing.begin(1000);
    const back = (now: number, ...results: unknown[]) =>
      framing.judge(judged('upload_document_back', ...results).input, options(now, { barcodeStep: true }));
    for (let i = 0; i < AUTO_CAPTURE_STREAK + 2; i++) expect(back(1000 + i, quality('good'))).toBeNull();
    expect(framing.guidance).toBe('reading-barcode');
    expect(framing.barcodeAdvice).toBe(false);
    back(1000 + BARCODE_WAIT_MS, quality('good'));
    expect(framing.barcodeAdvice).toBe(true);
  });

  it('a card that shows no symbol, reading after reading, is asked to be turned over', () => {
    const framing = new StepFraming();
    const noSymbol = { barcode: null, decodeMs: 5, symbolSeen: false };
    const back = (now: number) =>
      framing.judge(
        judged('upload_document_back', quality('good'), noSymbol).input,
        options(now, { barcodeStep: true }),
      );
    for (let now = 0; now <= NO_SYMBOL_MS; now += NO_SYMBOL_MS / 4) back(now);
    back(NO_SYMBOL_MS + GUIDANCE_HOLD_MS);
    expect(framing.guidance).toBe('show-barcode');
  });

  it('a frame with no quality result is closed and changes nothing', () => {
    const framing = new StepFraming();
    const { frame, input } = judged('upload_document_front');
    expect(framing.judge(input, options(0))).toBeNull();
    expect(frame.closed).toBe(true);
    expect(framing.guidance).toBeNull();
  });
});
