/**
 * Generated camera-like frames for the browser tests: an ID-1 card on a desk, sharp, blurred,
 * dark, with glare, or absent. Drawn with canvas so nothing binary is committed.
 */

export type FrameKind = 'sharp' | 'blurred' | 'dark' | 'glare' | 'empty' | 'far';

/** Draws a card (taking `share` of the width) with text, a photo box and a barcode-like stripe pattern. */
function drawCard(context: OffscreenCanvasRenderingContext2D, width: number, height: number, share = 0.8): void {
  context.fillStyle = '#8a8f98';
  context.fillRect(0, 0, width, height);
  const cardWidth = width * share;
  const cardHeight = cardWidth * (54 / 85.6);
  const x = (width - cardWidth) / 2;
  const y = (height - cardHeight) / 2;
  context.fillStyle = '#f1ede4';
  context.fillRect(x, y, cardWidth, cardHeight);
  context.fillStyle = '#3b5b8c';
  context.fillRect(x, y, cardWidth, cardHeight * 0.14);
  context.fillStyle = '#6b6b6b';
  context.fillRect(x + cardWidth * 0.05, y + cardHeight * 0.22, cardWidth * 0.28, cardHeight * 0.6);
  context.fillStyle = '#1b1b1b';
  // Bold print and a fine-line background pattern, like a real card: edges that survive a median filter.
  context.strokeStyle = '#b9b2a3';
  context.lineWidth = Math.max(2, cardWidth / 300);
  for (let i = 0; i < 40; i++) {
    const offset = (i / 40) * cardWidth;
    context.beginPath();
    context.moveTo(x + offset, y + cardHeight * 0.14);
    context.lineTo(x + offset + cardHeight * 0.3, y + cardHeight);
    context.stroke();
  }
  const lineHeight = Math.max(8, Math.round(cardHeight * 0.065));
  context.font = `bold ${lineHeight}px sans-serif`;
  const lines = [
    'DRIVER LICENSE',
    'DOE, JANE Q',
    '1234 MAIN ST',
    'ANYTOWN, ST 00000',
    'DOB 01/02/1990',
    'EXP 01/02/2030',
  ];
  lines.forEach((line, index) => {
    context.fillText(line, x + cardWidth * 0.38, y + cardHeight * 0.3 + index * lineHeight * 1.4);
  });
  for (let i = 0; i < 60; i++) {
    const stripe = x + cardWidth * 0.38 + i * ((cardWidth * 0.55) / 60);
    if ((i * 7919) % 3 !== 0)
      context.fillRect(stripe, y + cardHeight * 0.84, (cardWidth * 0.55) / 90, cardHeight * 0.1);
  }
}

/** A frame of the given kind as an ImageBitmap. */
export async function generateFrame(kind: FrameKind, width = 1280, height = 720): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  if (kind === 'empty') {
    context.fillStyle = '#8a8f98';
    context.fillRect(0, 0, width, height);
    return createImageBitmap(canvas);
  }
  if (kind === 'blurred') context.filter = `blur(${Math.max(3, Math.round(width / 250))}px)`;
  drawCard(context, width, height, kind === 'far' ? 0.4 : 0.8);
  context.filter = 'none';
  if (kind === 'dark') {
    context.fillStyle = 'rgb(0 0 0 / 82%)';
    context.fillRect(0, 0, width, height);
  }
  if (kind === 'glare') {
    const gradient = context.createRadialGradient(
      width * 0.55,
      height * 0.45,
      0,
      width * 0.55,
      height * 0.45,
      width * 0.14,
    );
    gradient.addColorStop(0, '#ffffff');
    gradient.addColorStop(0.7, '#ffffff');
    gradient.addColorStop(1, 'rgb(255 255 255 / 0%)');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
  }
  return createImageBitmap(canvas);
}

/** A JPEG or PNG of a card, optionally with an APP1 EXIF segment carrying GPS coordinates. */
export async function generatePhoto(
  type: 'image/jpeg' | 'image/png',
  width: number,
  height: number,
  options: { gps?: boolean; quality?: number; orientation?: number; blur?: number } = {},
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  if (options.blur) context.filter = `blur(${options.blur}px)`;
  drawCard(context, width, height);
  const blob = await canvas.convertToBlob({ type, quality: options.quality ?? 0.92 });
  if (!options.gps || type !== 'image/jpeg') return blob;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // Insert APP1 right after SOI (FFD8).
  return new Blob([bytes.slice(0, 2), exifWithGps(options.orientation ?? 1), bytes.slice(2)], { type });
}

/** The GPS latitude our EXIF segment carries, as the ASCII marker tests look for. */
export const GPS_MARKER = 'BERBIX-GPS-TEST';

/**
 * A minimal big-endian EXIF APP1 segment: IFD0 with a Make string (the marker), an Orientation
 * and a GPS IFD pointer, and a GPS IFD with latitude ref N and a latitude of 37/1, 46/1, 30/1.
 */
function exifWithGps(orientation: number): Uint8Array<ArrayBuffer> {
  const tiff: number[] = [];
  const u16 = (v: number) => tiff.push((v >> 8) & 255, v & 255);
  const u32 = (v: number) => tiff.push((v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  const make = `${GPS_MARKER}\0`;
  // Header: MM, 42, IFD0 at 8.
  tiff.push(0x4d, 0x4d);
  u16(42);
  u32(8);
  // IFD0: 3 entries (Make, Orientation, GPSInfo, in tag order), then next-IFD 0.
  const ifd0Size = 2 + 3 * 12 + 4;
  const makeOffset = 8 + ifd0Size;
  const gpsOffset = makeOffset + make.length + (make.length % 2);
  u16(3);
  u16(0x010f); // Make
  u16(2); // ASCII
  u32(make.length);
  u32(makeOffset);
  u16(0x0112); // Orientation, SHORT, value in the first two bytes
  u16(3);
  u32(1);
  u16(orientation);
  u16(0);
  u16(0x8825); // GPSInfo
  u16(4); // LONG
  u32(1);
  u32(gpsOffset);
  u32(0);
  for (const c of make) tiff.push(c.charCodeAt(0));
  if (make.length % 2) tiff.push(0);
  // GPS IFD: LatitudeRef 'N', Latitude 3 rationals.
  const gpsIfdSize = 2 + 2 * 12 + 4;
  const latitudeOffset = gpsOffset + gpsIfdSize;
  u16(2);
  u16(0x0001);
  u16(2);
  u32(2);
  tiff.push(0x4e, 0, 0, 0);
  u16(0x0002);
  u16(5); // RATIONAL
  u32(3);
  u32(latitudeOffset);
  u32(0);
  for (const value of [37, 46, 30]) {
    u32(value);
    u32(1);
  }
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]; // "Exif\0\0" + TIFF
  const length = payload.length + 2;
  return new Uint8Array([0xff, 0xe1, (length >> 8) & 255, length & 255, ...payload]);
}
