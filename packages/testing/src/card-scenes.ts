/**
 * Generated camera frames of an ID card in a scene, for the card finder's and the quality judge's
 * tests and for `pnpm bench:quality`: a card front or back drawn with canvas, placed in 3D (in-plane
 * angle, tilt about any axis, distance) and projected through a pinhole camera onto a background
 * (plain, white, textured, cluttered), optionally held by a thumb, with a highlight, blur, noise,
 * exposure and JPEG. Returns the true corners. Browser only; nothing binary is committed.
 *
 * This is the project's own renderer, with its own choices of every range; figures measured on it
 * are reported beside those of frames nobody on the project drew.
 */
import { seededRandom } from './random.js';
import { expose as exposePixels, warpInto } from './raster.js';

/** A card's corners in frame pixels, in the unit square's order (mutable, as the card finder's tests use them). */
export type Quad = [[number, number], [number, number], [number, number], [number, number]];

export type SceneBackground = 'plain' | 'white' | 'textured' | 'cluttered';

export interface CardScene {
  width: number;
  height: number;
  background: SceneBackground;
  side: 'front' | 'back';
  /** Card paper colour (RGB); a white card is [246, 246, 244]. */
  paper: [number, number, number];
  /** Long edge of the card in frame pixels when flat-on. */
  longEdge: number;
  /** Centre offset from the frame centre, pixels. */
  offset: [number, number];
  /** In-plane angle of the long edge, degrees (90 = portrait-held). */
  angle: number;
  /** Tilt of the card plane, degrees, and the in-plane direction of the axis it tilts about. */
  tilt: number;
  tiltAxis: number;
  /** Focal length as a share of the frame's long side. */
  focal: number;
  /** A thumb over the card's edge: which corner-ordered side (0-3), where along it (0..1), or null. */
  thumb: { side: number; at: number } | null;
  /** A specular highlight: centre in card coordinates (0..1), radius as a share of the long edge, added grey levels at its peak. */
  glare: { u: number; v: number; radius: number; peak: number } | null;
  /** Gaussian blur, frame pixels. */
  blur: number;
  /** Sensor noise sigma, grey levels. */
  noise: number;
  /** Exposure multiplier (1 = as drawn). */
  exposure: number;
  jpegQuality: number;
  seed: number;
  /** False draws the background alone: a frame with no card. */
  present: boolean;
}

export const DEFAULT_SCENE: CardScene = {
  width: 1280,
  height: 720,
  background: 'plain',
  side: 'front',
  paper: [236, 232, 222],
  longEdge: 760,
  offset: [0, 0],
  angle: 0,
  tilt: 0,
  tiltAxis: 0,
  focal: 0.85,
  thumb: null,
  glare: null,
  blur: 0.4,
  noise: 2,
  exposure: 1,
  jpegQuality: 0.9,
  seed: 1,
  present: true,
};

const CARD_W = 856;
const CARD_H = 540;

/** The card's face at 10 px per mm, with rounded corners (3.18 mm) and transparent outside them. */
function drawCardFace(scene: CardScene, random: () => number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(CARD_W, CARD_H);
  const c = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  c.beginPath();
  c.roundRect(0, 0, CARD_W, CARD_H, 32);
  c.clip();
  const [r, g, b] = scene.paper;
  c.fillStyle = `rgb(${r} ${g} ${b})`;
  c.fillRect(0, 0, CARD_W, CARD_H);
  // Fine security print: thin wavy lines a shade darker than the paper.
  c.strokeStyle = `rgb(${r - 18} ${g - 14} ${b - 8})`;
  c.lineWidth = 1.2;
  for (let i = 0; i < 30; i++) {
    c.beginPath();
    for (let x = 0; x <= CARD_W; x += 12) {
      const y = (i / 30) * CARD_H + Math.sin(x / 40 + i * 0.7) * 9;
      if (x === 0) c.moveTo(x, y);
      else c.lineTo(x, y);
    }
    c.stroke();
  }
  c.fillStyle = '#1d1d1f';
  if (scene.side === 'front') {
    c.fillStyle = `hsl(${Math.floor(random() * 360)} 45% 38%)`;
    c.fillRect(0, 0, CARD_W, 70);
    c.fillStyle = '#fafafa';
    c.font = 'bold 40px sans-serif';
    c.fillText('DRIVER LICENSE', 40, 50);
    c.fillStyle = '#7d7068';
    c.fillRect(40, 110, 230, 300);
    c.fillStyle = '#1d1d1f';
    c.font = 'bold 30px sans-serif';
    const lines = ['DL 12345678', 'DOE', 'JANE QUINN', '1234 MAIN ST', 'ANYTOWN ST 00000', 'DOB 01/02/1990'];
    lines.forEach((line, i) => {
      c.fillText(line, 310, 140 + i * 48);
    });
    c.font = 'italic 44px serif';
    c.fillText('Jane Doe', 60, 480);
  } else {
    c.font = '24px sans-serif';
    ['CLASS C', 'RESTRICTIONS NONE', 'ENDORSEMENTS NONE'].forEach((line, i) => {
      c.fillText(line, 40, 50 + i * 32);
    });
    // A PDF417-like block: rows of random bars with start/stop columns.
    const x0 = 50;
    const y0 = 170;
    const module = 2;
    const columns = 380;
    const rows = 26;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < columns; col++) {
        const edge = col < 17 || col >= columns - 17;
        const dark = edge ? col % 4 < 2 : random() < 0.5;
        if (dark) c.fillRect(x0 + col * module, y0 + row * 9, module, 9);
      }
    }
    c.fillRect(x0, y0 + rows * 9 + 30, 300, 50);
  }
  return canvas;
}

function drawBackground(c: OffscreenCanvasRenderingContext2D, scene: CardScene, random: () => number): void {
  const { width, height } = scene;
  if (scene.background === 'white') {
    const gradient = c.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, 'rgb(250 250 248)');
    gradient.addColorStop(1, 'rgb(232 233 230)');
    c.fillStyle = gradient;
    c.fillRect(0, 0, width, height);
    return;
  }
  if (scene.background === 'plain') {
    const shade = 70 + Math.floor(random() * 80);
    c.fillStyle = `rgb(${shade} ${shade - 8} ${shade - 20})`;
    c.fillRect(0, 0, width, height);
    return;
  }
  if (scene.background === 'textured') {
    // A woven cloth: two sets of stripes crossing, in two tones, plus speckle.
    c.fillStyle = 'rgb(120 96 72)';
    c.fillRect(0, 0, width, height);
    for (let x = 0; x < width; x += 6) {
      c.fillStyle = `rgb(${140 + Math.floor(random() * 30)} 110 80 / 60%)`;
      c.fillRect(x, 0, 3, height);
    }
    for (let y = 0; y < height; y += 7) {
      c.fillStyle = `rgb(90 ${70 + Math.floor(random() * 30)} 55 / 45%)`;
      c.fillRect(0, y, width, 3);
    }
    return;
  }
  // Cluttered: a desk with papers, a keyboard-like grid, pens and print.
  c.fillStyle = 'rgb(150 128 104)';
  c.fillRect(0, 0, width, height);
  for (let i = 0; i < 9; i++) {
    c.save();
    c.translate(random() * width, random() * height);
    c.rotate((random() - 0.5) * 1.2);
    const w = 120 + random() * 380;
    const h = 80 + random() * 260;
    const tone = 160 + Math.floor(random() * 90);
    c.fillStyle = `rgb(${tone} ${tone} ${tone - 10})`;
    c.fillRect(-w / 2, -h / 2, w, h);
    c.fillStyle = 'rgb(40 40 40)';
    c.font = '14px sans-serif';
    for (let k = 0; k < h / 22 - 1; k++)
      c.fillText('lorem ipsum dolor sit amet consectetur', -w / 2 + 8, -h / 2 + 20 + k * 20);
    c.restore();
  }
  c.fillStyle = 'rgb(30 30 34)';
  const kx = random() * width * 0.5;
  const ky = random() * height * 0.5;
  for (let row = 0; row < 5; row++) for (let col = 0; col < 14; col++) c.fillRect(kx + col * 34, ky + row * 34, 30, 30);
  c.lineWidth = 8;
  for (let i = 0; i < 4; i++) {
    c.strokeStyle = `hsl(${Math.floor(random() * 360)} 60% 40%)`;
    c.beginPath();
    const x = random() * width;
    const y = random() * height;
    c.moveTo(x, y);
    c.lineTo(x + (random() - 0.5) * 400, y + (random() - 0.5) * 400);
    c.stroke();
  }
}

/** Projects the card's corners (and any card point) through the scene's camera. */
export function projector(scene: CardScene): (u: number, v: number) => [number, number] {
  const f = scene.focal * Math.max(scene.width, scene.height);
  // Distance so that the flat-on long edge is `longEdge` px: 85.6 mm * f / z.
  const z = (85.6 * f) / scene.longEdge;
  const a = (scene.angle * Math.PI) / 180;
  const t = (scene.tilt * Math.PI) / 180;
  const axis = (scene.tiltAxis * Math.PI) / 180;
  const [ax, ay] = [Math.cos(axis), Math.sin(axis)];
  return (u, v) => {
    // Card coordinates in mm, centred, rotated in plane.
    const x0 = (u - 0.5) * 85.6;
    const y0 = (v - 0.5) * 54;
    let x = x0 * Math.cos(a) - y0 * Math.sin(a);
    let y = x0 * Math.sin(a) + y0 * Math.cos(a);
    // Tilt: rotate about the in-plane axis (ax, ay) by t (Rodrigues, the point starts at depth 0).
    const along = x * ax + y * ay;
    const px = x - along * ax;
    const py = y - along * ay;
    x = along * ax + px * Math.cos(t);
    y = along * ay + py * Math.cos(t);
    const depth = Math.hypot(px, py) * Math.sin(t) * Math.sign(-ay * px + ax * py || 1);
    const zz = z + depth;
    return [scene.width / 2 + scene.offset[0] + (f * x) / zz, scene.height / 2 + scene.offset[1] + (f * y) / zz];
  };
}

/** The card's true corners in frame pixels (corners of the rectangle, before rounding). */
export function sceneCorners(scene: CardScene): Quad {
  const project = projector(scene);
  return [project(0, 0), project(1, 0), project(1, 1), project(0, 1)];
}

/** Draws a scene; returns the frame and the card's true corners. */
export async function renderCardScene(
  partial: Partial<CardScene> = {},
): Promise<{ bitmap: ImageBitmap; corners: Quad; scene: CardScene }> {
  const scene = { ...DEFAULT_SCENE, ...partial };
  const random = seededRandom(scene.seed);
  const face = drawCardFace(scene, random);
  const faceData = (face.getContext('2d') as OffscreenCanvasRenderingContext2D).getImageData(0, 0, CARD_W, CARD_H);
  const frame = new OffscreenCanvas(scene.width, scene.height);
  const c = frame.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  drawBackground(c, scene, random);
  const corners = sceneCorners(scene);
  if (!scene.present) {
    const pixels = c.getImageData(0, 0, scene.width, scene.height);
    expose(pixels, { ...scene, glare: null }, random);
    c.putImageData(pixels, 0, 0);
    const blob = await frame.convertToBlob({ type: 'image/jpeg', quality: scene.jpegQuality });
    return { bitmap: await createImageBitmap(blob), corners, scene };
  }
  // A contact shadow all round (the card is 0.76 mm thick) and a soft cast shadow, as on a table.
  shadow(c, corners, 2, 16, 0, 0);
  shadow(c, corners, 6, 22, 4, 6);
  const image = c.getImageData(0, 0, scene.width, scene.height);
  warpInto(image, faceData, corners, true);
  c.putImageData(image, 0, 0);
  if (scene.thumb) drawThumb(c, corners, scene.thumb, scene.longEdge);
  const out = new OffscreenCanvas(scene.width, scene.height);
  const o = out.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  if (scene.blur > 0.05) {
    // Blur with the border pixels repeated outwards, as a lens does: canvas blur alone fades the
    // frame's border to black, an edge no camera makes.
    const pad = Math.ceil(3 * scene.blur) + 1;
    const padded = new OffscreenCanvas(scene.width + 2 * pad, scene.height + 2 * pad);
    const p = padded.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const { width: w, height: h } = scene;
    p.drawImage(frame, pad, pad);
    p.drawImage(frame, 0, 0, 1, h, 0, pad, pad, h);
    p.drawImage(frame, w - 1, 0, 1, h, pad + w, pad, pad, h);
    p.drawImage(padded, 0, pad, w + 2 * pad, 1, 0, 0, w + 2 * pad, pad);
    p.drawImage(padded, 0, pad + h - 1, w + 2 * pad, 1, 0, pad + h, w + 2 * pad, pad);
    o.filter = `blur(${scene.blur}px)`;
    o.drawImage(padded, -pad, -pad);
    o.filter = 'none';
  } else o.drawImage(frame, 0, 0);
  const pixels = o.getImageData(0, 0, scene.width, scene.height);
  expose(pixels, scene, random);
  o.putImageData(pixels, 0, 0);
  const blob = await out.convertToBlob({ type: 'image/jpeg', quality: scene.jpegQuality });
  return { bitmap: await createImageBitmap(blob), corners, scene };
}

/** The card's outline shifted by (dx, dy), filled black at `percent` opacity and blurred. */
function shadow(
  c: OffscreenCanvasRenderingContext2D,
  quad: Quad,
  blur: number,
  percent: number,
  dx: number,
  dy: number,
) {
  c.save();
  c.filter = `blur(${blur}px)`;
  c.fillStyle = `rgb(0 0 0 / ${percent}%)`;
  c.beginPath();
  tracePath(c, quad, dx, dy);
  c.fill();
  c.restore();
}

function tracePath(c: OffscreenCanvasRenderingContext2D, quad: Quad, dx: number, dy: number): void {
  quad.forEach(([x, y], i) => {
    if (i === 0) c.moveTo(x + dx, y + dy);
    else c.lineTo(x + dx, y + dy);
  });
}

/** A thumb: a skin-toned rounded capsule reaching over one side of the card from outside. */
function drawThumb(
  c: OffscreenCanvasRenderingContext2D,
  quad: Quad,
  thumb: { side: number; at: number },
  longEdge: number,
): void {
  const a = quad[thumb.side % 4] as [number, number];
  const b = quad[(thumb.side + 1) % 4] as [number, number];
  const cx = (quad[0][0] + quad[1][0] + quad[2][0] + quad[3][0]) / 4;
  const cy = (quad[0][1] + quad[1][1] + quad[2][1] + quad[3][1]) / 4;
  const px = a[0] + (b[0] - a[0]) * thumb.at;
  const py = a[1] + (b[1] - a[1]) * thumb.at;
  // Pointing inwards, towards the card's centre.
  const angle = Math.atan2(cy - py, cx - px);
  const width = longEdge * 0.2;
  const reach = longEdge * 0.16;
  c.save();
  c.translate(px, py);
  c.rotate(angle);
  c.fillStyle = 'rgb(196 142 112)';
  c.beginPath();
  c.roundRect(-longEdge * 0.5, -width / 2, longEdge * 0.5 + reach, width, width / 2);
  c.fill();
  c.fillStyle = 'rgb(224 182 160)';
  c.beginPath();
  c.ellipse(reach - width * 0.35, 0, width * 0.25, width * 0.32, 0, 0, Math.PI * 2);
  c.fill();
  c.restore();
}

/** Exposure, a highlight on the card (flat-topped), then sensor noise, in that physical order. */
function expose(image: ImageData, scene: CardScene, random: () => number): void {
  let glare = null;
  if (scene.glare) {
    const [x, y] = projector(scene)(scene.glare.u, scene.glare.v);
    glare = { x, y, radius: scene.glare.radius * scene.longEdge, peak: scene.glare.peak, flatTop: true };
  }
  exposePixels(image, { gain: scene.exposure, noise: scene.noise, glare }, random);
}

function inside(quad: Quad, width: number, height: number, margin: number): boolean {
  const mx = margin * width;
  const my = margin * height;
  return quad.every(([x, y]) => x >= mx && x <= width - mx && y >= my && y <= height - my);
}

/** What a generated scene should be judged as. */
export type SceneKind = 'clean' | 'blurry' | 'too-dark' | 'too-bright' | 'glare' | 'too-far' | 'no-document';

export const SCENE_KINDS: readonly SceneKind[] = [
  'clean',
  'blurry',
  'too-dark',
  'too-bright',
  'glare',
  'too-far',
  'no-document',
];

/**
 * A random scene of one kind, reproducible from its seed. Clean scenes span how people hold a card
 * to a camera (distance, angle, portrait, tilt, thumbs, backgrounds, white cards); each degraded
 * kind changes one thing well past its threshold.
 */
export function randomCardScene(seed: number, kind: SceneKind, width = 1920, height = 1080): CardScene {
  const random = seededRandom(seed * 7919 + SCENE_KINDS.indexOf(kind));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const range = (low: number, high: number) => low + random() * (high - low);
  const portrait = random() < 0.25;
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  // Landscape cards from 45% to 80% of the long side; portrait ones up to 90% of the short side.
  const longEdge = portrait ? range(0.7, 0.9) * short : range(0.45, 0.8) * long;
  const white = random() < 0.3;
  const tone = range(200, 240);
  const scene: CardScene = {
    ...DEFAULT_SCENE,
    width,
    height,
    seed,
    background: pick(['plain', 'white', 'textured', 'cluttered'] as const),
    side: random() < 0.5 ? 'front' : 'back',
    paper: white ? [246, 246, 244] : [tone + 8, tone + 4, tone - 6],
    longEdge,
    angle: (portrait ? 90 : 0) + range(-15, 15),
    tilt: range(0, 25),
    tiltAxis: range(0, 180),
    focal: range(0.7, 1.0),
    offset: [0, 0],
    thumb: random() < 0.3 ? { side: Math.floor(random() * 4), at: range(0.2, 0.8) } : null,
    glare: null,
    blur: range(0, 0.8),
    noise: range(1, 4),
    exposure: range(0.85, 1.05),
    jpegQuality: range(0.8, 0.95),
  };
  // Keep the whole card inside the frame with a margin: a card cut by the frame is not clean.
  scene.offset = [range(-0.1, 0.1) * width, range(-0.1, 0.1) * height];
  for (let tries = 0; tries < 40 && !inside(sceneCorners(scene), width, height, 0.03); tries++) {
    scene.longEdge *= 0.97;
    scene.offset = [scene.offset[0] * 0.85, scene.offset[1] * 0.85];
  }
  if (kind === 'blurry') scene.blur = range(0.004, 0.007) * long;
  if (kind === 'too-dark') scene.exposure = range(0.2, 0.3);
  if (kind === 'too-bright') scene.exposure = range(2.3, 3);
  if (kind === 'glare')
    scene.glare = { u: range(0.25, 0.75), v: range(0.3, 0.7), radius: range(0.05, 0.1), peak: range(160, 240) };
  if (kind === 'too-far') {
    scene.longEdge = range(0.18, 0.3) * long;
    scene.thumb = null;
  }
  if (kind === 'no-document') scene.present = false;
  return scene;
}
