import { type CardScene, renderCardScene } from '@berbix-capture/testing/card-scenes';
import { describe, expect, it } from 'vitest';
import { cornerError, type Quad, rectify } from './card-geometry.js';
import { QUALITY_MAX_SIDE } from './quality.js';
import { judge, measureFrame, type QualityMetrics } from './quality-metrics.js';

/** Downscales as the quality worker does, then measures: what the worker would answer. */
async function measureScene(partial: Partial<CardScene>): Promise<{ metrics: QualityMetrics; truth: Quad }> {
  const { bitmap, corners, scene } = await renderCardScene(partial);
  const scale = Math.min(1, QUALITY_MAX_SIDE / Math.max(scene.width, scene.height));
  const width = Math.round(scene.width * scale);
  const height = Math.round(scene.height * scale);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const { metrics } = measureFrame(context.getImageData(0, 0, width, height).data, width, height, null, {
    frameWidth: scene.width,
    frameHeight: scene.height,
    guide: { x: 0, y: 0, width: scene.width, height: scene.height },
  });
  return { metrics, truth: corners };
}

describe('card finder (generated scenes, the worker`s arithmetic)', () => {
  const cases: Array<[string, Partial<CardScene>]> = [
    ['a front on a plain table', {}],
    ['a white card on a white table', { background: 'white', paper: [246, 246, 244] }],
    ['a back on a woven cloth', { background: 'textured', side: 'back', seed: 3 }],
    ['a front on a cluttered desk', { background: 'cluttered', seed: 5, angle: 8 }],
    ['a thumb over the bottom edge', { thumb: { side: 2, at: 0.4 }, seed: 7 }],
    [
      'a thumb over a long edge of a white card on a white table',
      {
        background: 'white',
        paper: [246, 246, 244],
        thumb: { side: 0, at: 0.6 },
        seed: 8,
      },
    ],
    ['a back held in portrait', { side: 'back', angle: 90, longEdge: 600, seed: 9 }],
    ['a card tilted 25 degrees and turned 12', { tilt: 25, tiltAxis: 20, angle: 12, seed: 11 }],
    ['an ID-1 card at 36% of a 1080p frame', { width: 1920, height: 1080, longEdge: 700, seed: 15 }],
    // Its blue header is as dark as the grey table: only the colour channel shows the card's top edge.
    ['a card whose header band has the luminance of the table', { width: 1920, height: 1080, longEdge: 700, seed: 13 }],
  ];
  for (const [name, scene] of cases) {
    it(`finds ${name} within 3% of its diagonal`, async () => {
      const { metrics, truth } = await measureScene(scene);
      expect(metrics.card).not.toBeNull();
      const card = metrics.card as NonNullable<QualityMetrics['card']>;
      expect(card.confidence).toBeGreaterThanOrEqual(0.5);
      expect(cornerError(card.corners, truth)).toBeLessThan(0.03);
    });
  }

  it('reports the in-plane angle: ~0 flat, ~90 held in portrait', async () => {
    const flat = await measureScene({ angle: 5, seed: 2 });
    const portrait = await measureScene({ angle: 88, longEdge: 600, seed: 4 });
    expect(flat.metrics.card?.angleDegrees).toBeCloseTo(5, 0);
    expect(Math.abs(portrait.metrics.card?.angleDegrees as number)).toBeGreaterThan(85);
  });

  it('reports the keystone tilt within a few degrees', async () => {
    const flat = await measureScene({ seed: 6 });
    const tilted = await measureScene({ tilt: 28, tiltAxis: 70, seed: 6 });
    expect(flat.metrics.card?.tiltDegrees as number).toBeLessThan(4);
    // The finder assumes a focal length of 0.8 x the long side; the scene's camera has 0.85.
    expect(Math.abs((tilted.metrics.card?.tiltDegrees as number) - 28)).toBeLessThan(5);
  });

  it('reports the share of the frame the card takes', async () => {
    const { metrics, truth } = await measureScene({ longEdge: 900, seed: 12 });
    const area = Math.abs(
      truth.reduce((sum, [x, y], i) => {
        const [nx, ny] = truth[(i + 1) % 4] as [number, number];
        return sum + x * ny - nx * y;
      }, 0) / 2,
    );
    expect(metrics.card?.frameShare).toBeCloseTo(area / (1280 * 720), 2);
  });

  for (const background of ['plain', 'white', 'textured'] as const) {
    it(`finds no card on a ${background} background alone`, async () => {
      const { metrics } = await measureScene({ background, present: false, seed: 21 });
      expect(metrics.card === null || metrics.card.confidence < 0.5).toBe(true);
      expect(judge(metrics)).toBe('no-document');
    });
  }
});

describe('judging a frame without a card found', () => {
  it('says blurry, not "move closer", when blur hides the card itself', async () => {
    // A card blurred past reading whose outline was lost too (the finder misses it on the e2e
    // camera's blurred licence): the guide has contrast but nothing sharp, so: hold still.
    const { metrics } = await measureScene({ blur: 14, seed: 5 });
    expect(judge({ ...metrics, card: null })).toBe('blurry');
    // The same frame sharp, or an empty table, without a card is still "no document".
    const sharp = await measureScene({ seed: 5 });
    expect(judge({ ...sharp.metrics, card: null })).toBe('no-document');
  });
});

describe('card geometry', () => {
  it('recovers the true aspect and tilt of a projected ID-1 card', () => {
    const f = 1000;
    // A card 85.6 x 54 mm, tilted 30 degrees about the horizontal axis, 300 mm away.
    const t = (30 * Math.PI) / 180;
    const project = (x: number, y: number): [number, number] => {
      const z = 300 + y * Math.sin(t);
      return [640 + (f * x) / z, 360 + (f * y * Math.cos(t)) / z];
    };
    const quad: Quad = [project(-42.8, -27), project(42.8, -27), project(42.8, 27), project(-42.8, 27)];
    const { aspect01, tiltDegrees } = rectify(quad, f, [640, 360]);
    expect(aspect01).toBeCloseTo(85.6 / 54, 3);
    expect(tiltDegrees).toBeCloseTo(30, 3);
  });
});
