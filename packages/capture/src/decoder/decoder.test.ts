import { encodeAamva, parseAamva } from '@berbix-capture/aamva';
import { i420FrameOf } from '@berbix-capture/testing/camera-frames';
import { randomCardScene, renderCardScene } from '@berbix-capture/testing/card-scenes';
import { drawPdf417, renderSceneFrame } from '@berbix-capture/testing/pdf417-scene';
import { afterAll, describe, expect, it } from 'vitest';
import type { FrameContext } from '../analysers/types.js';
import { framesDevTruth, pdf417FileBytes, pdf417FileImage, pdf417FileText } from '../testing/pdf417-files.js';
import { createPdf417Analyser, type Pdf417Analyser, Pdf417AnalyserError } from './analyser.js';
import type { Pdf417Engine } from './types.js';

function context(width: number, height: number): FrameContext {
  return {
    step: 'upload_document_back',
    guide: { x: 0, y: 0, width, height },
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
  };
}

/** A 1080p frame of grey noise: nothing reads in it, so the attempts a read makes are the whole story. */
function noiseFrame(): OffscreenCanvas {
  const canvas = new OffscreenCanvas(1920, 1080);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const pixels = ctx.createImageData(canvas.width, canvas.height);
  let seed = 7;
  for (let i = 0; i < pixels.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const grey = seed >>> 24;
    pixels.data.set([grey, grey, grey, 255], i);
  }
  ctx.putImageData(pixels, 0, 0);
  return canvas;
}

/** A clean symbol on white, `module` px per module, optionally turned. */
async function symbolImage(payload: string, module: number, degrees = 0): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(1400, 900);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(700, 450);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.translate(-600, -150);
  drawPdf417(ctx, payload, 0, 0, module, { columns: 13, eclevel: 4 });
  return createImageBitmap(canvas);
}

const PAYLOAD = encodeAamva(
  {
    familyName: 'TESTER',
    givenName: 'ALEX',
    documentNumber: 'T1234567',
    dateOfBirth: '1990-05-17',
    expiryDate: '2030-05-17',
    issueDate: '2022-01-03',
    sex: 'X',
    addressStreet: '12 QUEEN ST',
    addressCity: 'TORONTO',
    addressSubdivision: 'ON',
    addressPostalCode: 'M5H 2N2',
  },
  { iin: '636012', version: 9 },
);

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

for (const engine of ['zxing-js', 'zxing-wasm'] as const satisfies readonly Pdf417Engine[]) {
  describe(`PDF417 analyser, engine ${engine}`, () => {
    const analyser: Pdf417Analyser = createPdf417Analyser({ engine });
    afterAll(() => analyser.dispose());

    it('reads a generated AAMVA symbol exactly, as bytes and text, and checks it as AAMVA', async () => {
      const frame = await symbolImage(PAYLOAD, 3);
      const reading = await analyser.analyse(frame, context(1400, 900));
      expect(reading.barcode?.bytes).toEqual(bytesOf(PAYLOAD));
      expect(reading.barcode?.text).toBe(PAYLOAD);
      expect(reading.barcode?.aamvaValid).toBe(true);
      expect(reading.decodeMs).toBeGreaterThan(0);
    });

    it('deskews a symbol turned 12 degrees and one upside down', async () => {
      for (const degrees of [12, -12, 183]) {
        const reading = await analyser.analyse(await symbolImage(PAYLOAD, 3, degrees), context(1400, 900));
        expect(reading.barcode?.text, `${degrees} degrees ${reading.angleDegrees} ${reading.attempts}`).toBe(PAYLOAD);
      }
    });

    it('finds nothing in a frame without a symbol, quickly', async () => {
      const canvas = new OffscreenCanvas(1280, 720);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.fillStyle = '#777';
      ctx.fillRect(0, 0, 1280, 720);
      const reading = await analyser.analyse(await createImageBitmap(canvas), context(1280, 720));
      expect(reading.barcode).toBeNull();
    });

    it('reads the California specimen licence back', async () => {
      const expected = await pdf417FileText('dl-specimen/reverse_side_sample.txt');
      const reading = await analyser.analyse(
        await pdf417FileImage('dl-specimen/reverse_side_sample.jpg'),
        context(1350, 1072),
      );
      // Including the leading space before '@' that this symbol carries.
      expect(reading.barcode?.text).toBe(expected);
      expect(parseAamva(reading.barcode?.bytes ?? new Uint8Array()).fields.issuer).toBe('CA');
    });

    it('reads a camera frame from its luma plane: the same text as the frame drawn, nothing converted', async () => {
      const name = 'frames-dev/mild/01';
      const bitmap = await pdf417FileImage(`${name}.jpg`);
      const still = { ...context(1920, 1080), still: true };
      const camera = i420FrameOf(bitmap);
      const drawn = await createImageBitmap(camera);
      bitmap.close();
      const fromLuma = await analyser.analyseVideoFrame(camera, still);
      expect(fromLuma.pixelSource).toBe('luma-plane');
      const fromRgba = await analyser.analyse(drawn, still);
      expect(fromRgba.pixelSource).toBe('rgba');
      const expected = await pdf417FileText(`${name}.txt`);
      expect(fromLuma.barcode?.text).toBe(expected);
      expect(fromRgba.barcode?.text).toBe(expected);
      // The worker closed the frame it was given (transferred: this side's copy is closed at once).
      expect(camera.format).toBeNull();
    });

    it('reads real photographs from the ZXing test sets', async () => {
      for (const [name, ext] of [
        ['zxing/pdf417-3/05', 'png'],
        ['zxing/pdf417-3/06', 'png'],
        ['zxing-cpp/pdf417-3/03', 'webp'],
      ]) {
        const reading = await analyser.analyse(await pdf417FileImage(`${name}.${ext}`), context(0, 0));
        expect(reading.barcode?.text, name).toBe(await pdf417FileText(`${name}.txt`));
      }
    });

    it('returns the exact bytes of a binary symbol, and reads a mirrored one as a still photo', async () => {
      const expected = await pdf417FileBytes('zxing/pdf417-1/09.bin');
      const binary = await analyser.analyse(await pdf417FileImage('zxing/pdf417-1/09.png'), context(0, 0));
      expect(binary.barcode?.bytes).toEqual(expected);
      // The mirrored image is the read plan's last resort. A live frame tries it only within its
      // budget (the next camera frame is the better bet), which a busy machine can use up first; a
      // still photo, which has no next frame, always gets that far.
      const flipped = await analyser.analyse(await pdf417FileImage('zxing-cpp/pdf417-1/03-flipped.png'), {
        ...context(0, 0),
        still: true,
      });
      expect(flipped.barcode?.text).toBe(await pdf417FileText('zxing-cpp/pdf417-1/03-flipped.txt'));
    });

    it('reads a photo of a symbol edge to edge held on its side, with no budget for anything beyond what always runs', async () => {
      // The engine's detector only follows rows near the horizontal: when the located region fills
      // the frame, the step that runs whatever the budget is the frame turned a quarter.
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await hurried.prepare();
        for (const name of ['zxing/pdf417-3/12', 'zxing/pdf417-3/16']) {
          const photo = await pdf417FileImage(`${name}.png`);
          const turned = new OffscreenCanvas(photo.height, photo.width);
          const ctx = turned.getContext('2d') as OffscreenCanvasRenderingContext2D;
          ctx.translate(photo.height, 0);
          ctx.rotate(Math.PI / 2);
          ctx.drawImage(photo, 0, 0);
          const reading = await hurried.analyse(await createImageBitmap(turned), context(0, 0));
          expect(reading.barcode?.text, `${name} ${reading.attempts}`).toBe(await pdf417FileText(`${name}.txt`));
          expect(reading.attempts).toContain('whole-quarter/local');
        }
      } finally {
        hurried.dispose();
      }
    });

    it('reads frames nobody here drew at oblique angles, not only quarter turns, in the step that always runs', async () => {
      // frames-dev's frames turned about their symbol's centre (its manifest gives the symbol's
      // corners), so the whole symbol stays in the 1080p frame; what the turn uncovers is grey.
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await hurried.prepare();
        for (const name of ['mild/05', 'moderate/10']) {
          const corners = (await framesDevTruth(`${name}.jpg`)).geometry.symbolQuad;
          expect(corners).toHaveLength(4);
          const cx = corners.reduce((sum, [x]) => sum + x, 0) / 4;
          const cy = corners.reduce((sum, [, y]) => sum + y, 0) / 4;
          const expected = await pdf417FileText(`frames-dev/${name}.txt`);
          const photo = await pdf417FileImage(`frames-dev/${name}.jpg`);
          for (const degrees of [30, -45, 60]) {
            const turned = new OffscreenCanvas(1920, 1080);
            const ctx = turned.getContext('2d') as OffscreenCanvasRenderingContext2D;
            ctx.fillStyle = '#808080';
            ctx.fillRect(0, 0, turned.width, turned.height);
            ctx.translate(960, 540);
            ctx.rotate((degrees * Math.PI) / 180);
            ctx.drawImage(photo, -cx, -cy);
            const reading = await hurried.analyse(await createImageBitmap(turned), context(1920, 1080));
            const label = `${name} at ${degrees} degrees: ${reading.attempts}`;
            expect(reading.barcode?.text, label).toBe(expected);
            expect(reading.attempts.at(-1), label).toMatch(/^grid/);
          }
          photo.close();
        }
      } finally {
        hurried.dispose();
      }
    });

    it('refines a grid that nearly read as a step of its own: left out past the budget, first on the next frame', async () => {
      // A dim, blurred, noisy frames-dev frame turned a quarter, as a camera delivers it, whose grid
      // reads only once its quad is fitted to it (should the first read get it one day, this test
      // needs another such frame).
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await hurried.prepare();
        const photo = await pdf417FileImage('frames-dev/severe/29.jpg');
        const turned = new OffscreenCanvas(photo.height, photo.width);
        const ctx = turned.getContext('2d') as OffscreenCanvasRenderingContext2D;
        ctx.translate(photo.height, 0);
        ctx.rotate(Math.PI / 2);
        ctx.drawImage(photo, 0, 0);
        const first = await hurried.analyseVideoFrame(i420FrameOf(turned), context(1080, 1920));
        expect(first.barcode).toBeNull();
        expect(first.attempts).toEqual(['grid']);
        const next = await hurried.analyseVideoFrame(i420FrameOf(turned), context(1080, 1920));
        expect(next.attempts).toEqual(['grid', 'grid-refined']);
        expect(next.barcode?.text).toBe(await pdf417FileText('frames-dev/severe/29.txt'));
        // A grid far from reading (the real licence back, dim, blurred and under a highlight) has
        // nothing to refine: the step after the refinement is what its next frame picks up.
        hurried.reset();
        const far = i420FrameOf(await pdf417FileImage('frames-dev/specimen/16.jpg'));
        const size = context(1920, 1080);
        expect((await hurried.analyseVideoFrame(far.clone(), size)).attempts).toEqual(['grid']);
        expect((await hurried.analyseVideoFrame(far, size)).attempts).toEqual(['grid', 'grid-turned']);
      } finally {
        hurried.dispose();
      }
    });

    it('reads by correlation, within its grid read, the real licence back whose codewords the scan lines misread', async () => {
      // Dim and blurred: its row indicators give the shape and the clean codewords place the rows,
      // but too many windows are misread for Reed-Solomon, twice. With no budget beyond the first
      // step, the grid read still reads it.
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await hurried.prepare();
        const frame = i420FrameOf(await pdf417FileImage('frames-dev/specimen/24.jpg'));
        const reading = await hurried.analyseVideoFrame(frame, context(1920, 1080));
        expect(reading.attempts).toEqual(['grid']);
        expect(reading.barcode?.text).toBe(await pdf417FileText('frames-dev/specimen/24.txt'));
      } finally {
        hurried.dispose();
      }
    });

    it('looks at a frame where nothing was located as it is, scaled down, whatever direction its edges run', async () => {
      // Short patches of horizontal lines all over, none large enough to be located: their edges
      // say "standing", but with nothing located that is not a symbol's angle, and turning the
      // whole frame a quarter at full resolution costs more than the frame as it is.
      const canvas = new OffscreenCanvas(1920, 1080);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      const pixels = ctx.createImageData(1920, 1080);
      pixels.data.fill(180);
      for (let py = 40; py < 1040; py += 100) {
        for (let px = 40; px < 1860; px += 100) {
          for (let y = py; y < py + 12; y++) {
            for (let x = px; x < px + 32; x++)
              pixels.data.fill((y >> 1) % 2 ? 40 : 200, 4 * (y * 1920 + x), 4 * (y * 1920 + x) + 3);
          }
        }
      }
      ctx.putImageData(pixels, 0, 0);
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await hurried.prepare();
        const reading = await hurried.analyse(await createImageBitmap(canvas), context(1920, 1080));
        expect(reading.barcode).toBeNull();
        expect(Math.abs(Math.abs(reading.angleDegrees) - 90)).toBeLessThan(5);
        expect(reading.attempts[0]).toBe('whole/local');
      } finally {
        hurried.dispose();
      }
    });

    it('tries every attempt of the read plan on a still photo, and only the first ones on a live frame past its budget', async () => {
      const canvas = noiseFrame();
      const still = await analyser.analyse(await createImageBitmap(canvas), { ...context(1920, 1080), still: true });
      expect(still.barcode).toBeNull();
      const patient = createPdf417Analyser({ engine, read: { budgetMs: Number.POSITIVE_INFINITY } });
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await Promise.all([patient.prepare(), hurried.prepare()]);
        const everything = await patient.analyse(await createImageBitmap(canvas), context(1920, 1080));
        expect(still.attempts).toEqual(everything.attempts);
        const live = await hurried.analyse(await createImageBitmap(canvas), context(1920, 1080));
        expect(live.attempts.length).toBeLessThan(still.attempts.length);
        expect(still.attempts).toEqual(expect.arrayContaining(live.attempts));
      } finally {
        patient.dispose();
        hurried.dispose();
      }
    });

    it('gives each live frame of a scene held still the next step its budget left out, until the whole plan has run; reset() starts afresh', async () => {
      const canvas = noiseFrame();
      const patient = createPdf417Analyser({ engine, read: { budgetMs: Number.POSITIVE_INFINITY } });
      const hurried = createPdf417Analyser({ engine, read: { budgetMs: 0 } });
      try {
        await Promise.all([patient.prepare(), hurried.prepare()]);
        const everything = (await patient.analyse(await createImageBitmap(canvas), context(1920, 1080))).attempts;
        const held: string[][] = [];
        for (let frame = 0; frame < everything.length; frame++) {
          held.push((await hurried.analyse(await createImageBitmap(canvas), context(1920, 1080))).attempts);
        }
        const [first, second] = held as [string[], string[]];
        expect(first.length).toBeLessThan(everything.length);
        // The second frame runs what the first ran, and one step more.
        expect(second.length).toBeGreaterThan(first.length);
        expect(new Set(held.flat())).toEqual(new Set(everything));
        hurried.reset();
        expect((await hurried.analyse(await createImageBitmap(canvas), context(1920, 1080))).attempts).toEqual(first);
        // A still photo neither resumes nor leaves anything for the next frame.
        await hurried.analyse(await createImageBitmap(canvas), { ...context(1920, 1080), still: true });
        expect(
          (await hurried.analyse(await createImageBitmap(canvas), context(1920, 1080))).attempts.length,
        ).toBeGreaterThan(first.length);
      } finally {
        patient.dispose();
        hurried.dispose();
      }
    });

    it('never gives wrong text for a symbol that switches character sets (mixed ECIs)', async () => {
      const expected = await pdf417FileText('zxing-cpp/pdf417-1/12-mixed-ecis.txt');
      const reading = await analyser.analyse(
        await pdf417FileImage('zxing-cpp/pdf417-1/12-mixed-ecis.png'),
        context(0, 0),
      );
      // `sharedText` gives the file's bytes; the right answer is their UTF-8 text, or no text at all.
      const utf8 = new TextDecoder().decode(bytesOf(expected));
      expect([null, utf8]).toContain(reading.barcode?.text ?? null);
    });

    it('reads a generated 1080p camera frame of a licence back (mild level)', async () => {
      const scene = await renderSceneFrame(7, 'mild');
      const reading = await analyser.analyse(scene.bitmap, context(1920, 1080));
      expect(reading.barcode?.text).toBe(scene.payload);
      expect(reading.barcode?.aamvaValid).toBe(true);
    });

    it('refuses a second frame while one is in flight, and closes it', async () => {
      const first = analyser.analyse(await symbolImage(PAYLOAD, 3), context(1400, 900));
      const second = await symbolImage(PAYLOAD, 3);
      await expect(analyser.analyse(second, context(1400, 900))).rejects.toMatchObject({ code: 'busy' });
      expect(second.width).toBe(0); // closed
      expect((await first).barcode?.text).toBe(PAYLOAD);
    });
  });
}

/**
 * A frames-dev frame with its symbol painted over in the card's paper grey (the manifest's symbol
 * corners, grown well past the quiet zone): the same card, its print and its edges, but no barcode.
 */
async function withoutSymbol(name: string): Promise<ImageBitmap> {
  const photo = await pdf417FileImage(`frames-dev/${name}.jpg`);
  const corners = (await framesDevTruth(`${name}.jpg`)).geometry.symbolQuad;
  const canvas = new OffscreenCanvas(photo.width, photo.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(photo, 0, 0);
  photo.close();
  const cx = corners.reduce((sum, [x]) => sum + x, 0) / 4;
  const cy = corners.reduce((sum, [, y]) => sum + y, 0) / 4;
  const grown = corners.map(([x, y]) => [cx + (x - cx) * 1.2, cy + (y - cy) * 1.3] as const);
  const xs = grown.map(([x]) => x);
  const ys = grown.map(([, y]) => y);
  const left = Math.max(0, Math.floor(Math.min(...xs)));
  const top = Math.max(0, Math.floor(Math.min(...ys)));
  const box = ctx.getImageData(
    left,
    top,
    Math.min(canvas.width, Math.ceil(Math.max(...xs))) - left,
    Math.min(canvas.height, Math.ceil(Math.max(...ys))) - top,
  ).data;
  const greys: number[] = [];
  for (let i = 0; i < box.length; i += 4)
    greys.push(0.299 * (box[i] as number) + 0.587 * (box[i + 1] as number) + 0.114 * (box[i + 2] as number));
  greys.sort((a, b) => a - b);
  const paper = Math.round(greys[Math.floor(greys.length * 0.9)] ?? 200);
  ctx.fillStyle = `rgb(${paper} ${paper} ${paper})`;
  ctx.beginPath();
  for (const [x, y] of grown) ctx.lineTo(x, y);
  ctx.fill();
  return createImageBitmap(canvas);
}

describe('PDF417 analyser: whether a symbol is in view', () => {
  // The back step asks a person to turn the card over when a found card shows no symbol, reading
  // after reading; a symbol seen where there is none keeps a person showing the front from hearing it.
  const analyser = createPdf417Analyser({ engine: 'zxing-js', read: { budgetMs: 0 } });
  afterAll(() => analyser.dispose());

  it('sees a symbol on frames nobody here drew whose barcode does not read', async () => {
    for (const name of ['severe/13', 'specimen/16']) {
      analyser.reset();
      const reading = await analyser.analyse(await pdf417FileImage(`frames-dev/${name}.jpg`), context(1920, 1080));
      expect(reading.barcode, name).toBeNull();
      expect(reading.symbolSeen, name).toBe(true);
    }
  });

  it('sees none on the same cards with the symbol painted over: their print, stripes and edges are not a symbol', async () => {
    for (const name of ['mild/01', 'moderate/10', 'severe/21', 'specimen/23']) {
      analyser.reset();
      const reading = await analyser.analyse(await withoutSymbol(name), context(1920, 1080));
      expect(reading.barcode, name).toBeNull();
      expect(reading.symbolSeen, name).toBe(false);
    }
  });

  it('sees none on card fronts: a portrait, a header band, lines of text', async () => {
    for (const seed of [1, 2, 5]) {
      analyser.reset();
      const { bitmap } = await renderCardScene({ ...randomCardScene(seed, 'clean'), side: 'front' });
      const reading = await analyser.analyse(bitmap, context(1920, 1080));
      expect(reading.symbolSeen, `front, seed ${seed}`).toBe(false);
    }
  });
});

describe('PDF417 analyser, engine native', () => {
  it('reads with BarcodeDetector where the browser has one, else says it is unavailable', async () => {
    const analyser = createPdf417Analyser({ engine: 'native' });
    try {
      const hasDetector = 'BarcodeDetector' in globalThis && (await BarcodeDetectorFormats()).includes('pdf417');
      if (!hasDetector) {
        await expect(analyser.prepare()).rejects.toBeInstanceOf(Pdf417AnalyserError);
        await expect(analyser.prepare()).rejects.toMatchObject({ code: 'unavailable' });
        const frame = await symbolImage(PAYLOAD, 3);
        await expect(analyser.analyse(frame, context(1400, 900))).rejects.toMatchObject({ code: 'unavailable' });
        expect(frame.width).toBe(0);
      } else {
        const reading = await analyser.analyse(await symbolImage(PAYLOAD, 3), context(1400, 900));
        expect(reading.barcode?.text).toBe(PAYLOAD);
      }
    } finally {
      analyser.dispose();
    }
  });
});

async function BarcodeDetectorFormats(): Promise<string[]> {
  const detector = (globalThis as { BarcodeDetector?: { getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  return detector ? detector.getSupportedFormats() : [];
}

describe('PDF417 analyser lifecycle', () => {
  it('starts no worker and loads nothing before prepare(), and rejects unknown engines', async () => {
    expect(() => createPdf417Analyser({ engine: 'quagga' as Pdf417Engine })).toThrow(TypeError);
    const RealWorker = globalThis.Worker;
    const started: string[] = [];
    globalThis.Worker = class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        started.push(String(url));
      }
    };
    try {
      const analyser = createPdf417Analyser({ engine: 'zxing-wasm' });
      expect(started).toEqual([]);
      await analyser.prepare();
      expect(started).toHaveLength(1);
      await analyser.prepare(); // idempotent
      expect(started).toHaveLength(1);
      analyser.dispose();
    } finally {
      globalThis.Worker = RealWorker;
    }
  });

  it('rejects a pending frame on dispose and can start again', async () => {
    const analyser = createPdf417Analyser({ engine: 'zxing-js' });
    const pending = analyser.analyse(await symbolImage(PAYLOAD, 3), context(1400, 900));
    analyser.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'disposed' });
    const reading = await analyser.analyse(await symbolImage(PAYLOAD, 3), context(1400, 900));
    expect(reading.barcode?.text).toBe(PAYLOAD);
    analyser.dispose();
  });
});
