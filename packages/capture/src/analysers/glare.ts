/**
 * Clipped paper and glare inside a region of a grey frame, for the quality analyser: which clipped
 * areas are blown-out paper and which are highlights hiding print. Pure arithmetic (runs in the
 * quality worker).
 */
import type { Spans } from '@berbix-capture/imaging';

/**
 * Square max (dilate) or min (erode) filter of a 0/1 mask, radius r: separable, with a running
 * count per window so the cost does not grow with r. Pixels past the edge are ignored (an erosion
 * keeps a blob that touches the edge).
 */
function morph(mask: Uint8Array, width: number, height: number, r: number, dilate: boolean): Uint8Array {
  if (r <= 0) return mask;
  const pass = (input: Uint8Array, length: number, lines: number, stride: number, step: number) => {
    const out = new Uint8Array(input.length);
    for (let line = 0; line < lines; line++) {
      const base = line * stride;
      let sum = 0;
      for (let k = 0; k < Math.min(r, length); k++) sum += input[base + k * step] as number;
      for (let i = 0; i < length; i++) {
        const enter = i + r;
        const leave = i - r - 1;
        let span = 2 * r + 1;
        if (enter < length) sum += input[base + enter * step] as number;
        else span -= enter - length + 1;
        if (leave >= 0) sum -= input[base + leave * step] as number;
        else span += leave + 1;
        out[base + i * step] = dilate ? (sum > 0 ? 1 : 0) : sum === span ? 1 : 0;
      }
    }
    return out;
  };
  return pass(pass(mask, width, height, width, 1), height, width, 1, width);
}

/**
 * `operation`, a closing or an opening of radius `r`, on the part of the `w` x `h` mask within
 * 2r + 2 pixels of the box `set` that holds all its set pixels; the rest of the result is empty.
 * Exactly the operation on the whole mask: further out every pixel is clear and stays clear, and
 * every window that reaches past the part's edge is centred on a clear pixel, so the edge (where
 * the whole mask's pixels are ignored) changes nothing. A highlight costs its neighbourhood, not
 * the whole card.
 */
function nearSetPixels(
  mask: Uint8Array,
  w: number,
  h: number,
  set: { x0: number; y0: number; x1: number; y1: number },
  r: number,
  operation: (part: Uint8Array, width: number, height: number) => Uint8Array,
): Uint8Array {
  const margin = 2 * r + 2;
  const px0 = Math.max(0, set.x0 - margin);
  const py0 = Math.max(0, set.y0 - margin);
  const pw = Math.min(w, set.x1 + margin) - px0;
  const ph = Math.min(h, set.y1 + margin) - py0;
  if (pw === w && ph === h) return operation(mask, w, h);
  const part = new Uint8Array(pw * ph);
  for (let y = 0; y < ph; y++) part.set(mask.subarray((py0 + y) * w + px0, (py0 + y) * w + px0 + pw), y * pw);
  const done = operation(part, pw, ph);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < ph; y++) out.set(done.subarray(y * pw, (y + 1) * pw), (py0 + y) * w + px0);
  return out;
}

/**
 * Clipped paper and glare inside a region. Clipped pixels are closed (a 3x3 dilation then erosion)
 * so the print inside a blown-out area does not split it; `clipped` is that area's share. Glare is
 * what of the clipped pixels themselves survives an opening by a square `across` pixels wide:
 * blobs at least a line of print across in which nothing, print included, escaped clipping. Thin
 * clipped strips (a white margin, a shine along the rim) and specks vanish.
 */
export function clippedAndGlare(
  gray: Uint8Array,
  width: number,
  height: number,
  spans: Spans,
  across: number,
  clipLevel: number,
): { clipped: number; glare: number } {
  // Work on the region's bounding box only.
  let y0 = height;
  let y1 = 0;
  let x0 = width;
  let x1 = 0;
  for (let y = 0; y < height; y++) {
    if ((spans.end[y] as number) <= (spans.start[y] as number)) continue;
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y + 1);
    x0 = Math.min(x0, spans.start[y] as number);
    x1 = Math.max(x1, spans.end[y] as number);
  }
  if (y1 <= y0 || x1 <= x0) return { clipped: 0, glare: 0 };
  const w = x1 - x0;
  const h = y1 - y0;
  // Only the region's own pixels: a white table beside the card is never part of a blob.
  const raw = new Uint8Array(w * h);
  let anyClipped = 0;
  let inside = 0;
  // The box of the clipped pixels (the morphology runs only around them): rows from each row's
  // count, columns from each clipped row's first and last clipped pixel, looked for afterwards, so
  // the loop over every pixel stays as lean as it was.
  const set = { x0: w, y0: h, x1: 0, y1: 0 };
  for (let y = y0; y < y1; y++) {
    const s = spans.start[y] as number;
    const e = spans.end[y] as number;
    const row = (y - y0) * w - x0;
    inside += Math.max(0, e - s);
    let inRow = 0;
    for (let x = s; x < e; x++) {
      const clippedHere = (gray[y * width + x] as number) >= clipLevel ? 1 : 0;
      raw[row + x] = clippedHere;
      inRow += clippedHere;
    }
    if (inRow === 0) continue;
    anyClipped += inRow;
    set.y0 = Math.min(set.y0, y - y0);
    set.y1 = y - y0 + 1;
    let first = s;
    while (!raw[row + first]) first++;
    let last = e - 1;
    while (!raw[row + last]) last--;
    set.x0 = Math.min(set.x0, first - x0);
    set.x1 = Math.max(set.x1, last - x0 + 1);
  }
  // Nothing clipped: the closing and the opening of an empty mask are empty.
  if (anyClipped === 0) return { clipped: 0, glare: 0 };
  const closed = nearSetPixels(raw, w, h, set, 1, (m, mw, mh) => morph(morph(m, mw, mh, 1, true), mw, mh, 1, false));
  // When half the region's own pixels are clipped, its paper is: a white card (or a whole card)
  // exposed to the top. A highlight is light in excess of the paper, which cannot be told apart
  // from paper that is itself clipped, so nothing is called glare, and the opening (the costliest
  // step on such a frame) is not run; `clipped` reports the exposure.
  const paperClipped = anyClipped >= inside / 2;
  // Glare is opened from the raw mask, not the closed one: a highlight hides print only where the
  // print under it clipped too. Paper that clips around print that still shows is exposure.
  const r = Math.max(1, Math.round(across / 2));
  // The erosion keeps a pixel only when its whole window (cut at the box's edge, so at least
  // (r + 1) x (r + 1) or the box) is clipped: with fewer clipped pixels than that, nothing survives.
  const opened =
    paperClipped || anyClipped < Math.min(r + 1, w) * Math.min(r + 1, h)
      ? null
      : nearSetPixels(raw, w, h, set, r, (m, mw, mh) => morph(morph(m, mw, mh, r, false), mw, mh, r, true));
  let clippedCount = 0;
  let glareCount = 0;
  for (let y = y0; y < y1; y++) {
    const s = spans.start[y] as number;
    const e = spans.end[y] as number;
    for (let x = s; x < e; x++) {
      const i = (y - y0) * w + (x - x0);
      clippedCount += closed[i] as number;
      if (opened) glareCount += opened[i] as number;
    }
  }
  const clipped = clippedCount / Math.max(1, inside);
  if (!opened || glareCount === 0) return { clipped, glare: 0 };
  const hidden = blobsHidingPrint(gray, width, { x0, y0, w, h }, spans, opened, raw, Math.max(2, Math.round(across)));
  return { clipped, glare: hidden / Math.max(1, inside) };
}

/**
 * Of the glare blobs, the pixels of those that hide print: a blob counts when a ring around it
 * (as wide as the smallest blob, past its halo) holds print, i.e. where there should be texture. A highlight on
 * blank paper hides nothing; one over text or a barcode hides what its ring shows continues under
 * it. "Print" is a pixel darker than 70% of the region's paper level (its 90th percentile) or on a
 * sharp edge: text, a barcode (at this scale a mid-grey block) and a portrait, also under the halo
 * of a highlight that lightens them, but not the faint security print.
 */
function blobsHidingPrint(
  gray: Uint8Array,
  width: number,
  box: { x0: number; y0: number; w: number; h: number },
  spans: Spans,
  opened: Uint8Array,
  raw: Uint8Array,
  ring: number,
): number {
  const { x0, y0, w, h } = box;
  const histogram = new Uint32Array(256);
  let total = 0;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = spans.start[y] as number; x < (spans.end[y] as number); x++) {
      const level = gray[y * width + x] as number;
      histogram[level] = (histogram[level] as number) + 1;
      total++;
    }
  }
  let paper = 255;
  for (let level = 0, seen = 0; level < 256; level++) {
    seen += histogram[level] as number;
    if (seen >= 0.9 * total) {
      paper = level;
      break;
    }
  }
  const ink = 0.7 * paper;
  const inside = (x: number, y: number) =>
    y >= y0 && y < y0 + h && x >= (spans.start[y] as number) && x < (spans.end[y] as number);
  // Label the blobs (4-connected) and collect each one's box.
  const label = new Int32Array(w * h);
  let hidden = 0;
  let next = 0;
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!opened[start] || label[start]) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let size = 0;
    let bx0 = w;
    let by0 = h;
    let bx1 = 0;
    let by1 = 0;
    while (stack.length) {
      const i = stack.pop() as number;
      size++;
      const x = i % w;
      const y = (i - x) / w;
      bx0 = Math.min(bx0, x);
      by0 = Math.min(by0, y);
      bx1 = Math.max(bx1, x);
      by1 = Math.max(by1, y);
      for (const j of [i - 1, i + 1, i - w, i + w]) {
        if (j < 0 || j >= w * h || label[j] || !opened[j]) continue;
        if ((j === i - 1 || j === i + 1) && Math.floor(j / w) !== y) continue;
        label[j] = next;
        stack.push(j);
      }
    }
    // The ring: a band `ring` wide, half the blob's size away from its box, so it lies past the
    // halo that washes out the print right next to a highlight; clipped pixels and pixels outside
    // the region left out.
    const gap = Math.round(Math.max(bx1 - bx0, by1 - by0) / 2);
    const ix0 = bx0 - gap;
    const ix1 = bx1 + gap;
    const iy0 = by0 - gap;
    const iy1 = by1 + gap;
    let ringPixels = 0;
    let inkPixels = 0;
    for (let y = Math.max(1, iy0 - ring); y <= Math.min(h - 2, iy1 + ring); y++) {
      for (let x = Math.max(1, ix0 - ring); x <= Math.min(w - 2, ix1 + ring); x++) {
        const i = y * w + x;
        if (raw[i] || !inside(x + x0, y + y0)) continue;
        if (x >= ix0 && x <= ix1 && y >= iy0 && y <= iy1) continue;
        ringPixels++;
        const at = (y + y0) * width + x + x0;
        const value = gray[at] as number;
        // Ink, or an edge of print lifted by the highlight's halo (which lightens print but keeps
        // its edges; the halo's own slope stays under ~20 per 2 px).
        const edge =
          Math.abs((gray[at + 1] as number) - (gray[at - 1] as number)) +
          Math.abs((gray[at + width] as number) - (gray[at - width] as number));
        if (value <= ink || edge >= 30) inkPixels++;
      }
    }
    // A tenth of the ring as print: sparse text is 15-25% ink, a barcode or a portrait far more.
    if (ringPixels > 0 && inkPixels >= 0.1 * ringPixels) hidden += size;
  }
  return hidden;
}
