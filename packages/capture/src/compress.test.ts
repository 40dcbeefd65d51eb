import { GPS_MARKER, generatePhoto } from '@berbix-capture/testing/frames';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressError, clampUploadMb, compressImage, MAX_SIDE_PX } from './compress.js';

const ascii = async (blob: Blob) => new TextDecoder('latin1').decode(await blob.arrayBuffer());
const hasExif = async (blob: Blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  // Look for an APP1 marker whose payload starts with "Exif".
  for (let i = 2; i < Math.min(bytes.length - 8, 65536); i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xe1 && (await ascii(blob.slice(i + 4, i + 8))) === 'Exif') return true;
  }
  return false;
};

/** Every worker script started during these tests (a subclass that records, then starts the real one). */
const started: string[] = [];
const RealWorker = globalThis.Worker;
beforeAll(() => {
  globalThis.Worker = class extends RealWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      started.push(String(url));
      super(url, options);
    }
  };
});
afterAll(() => {
  globalThis.Worker = RealWorker;
});

describe('compression (browser-image-compression in a Web Worker)', () => {
  it('runs in our own module worker, served from the project (no CDN, no libURL)', async () => {
    await compressImage(await generatePhoto('image/png', 400, 300));
    expect(started).toHaveLength(1);
    expect(new URL(started[0] as string).origin).toBe(location.origin);
    expect(started[0]).toContain('compress.worker');
    // The library never ran on this thread: nothing of it was loaded here.
    expect(performance.getEntriesByType('resource').some((e) => e.name.includes('jsdelivr'))).toBe(false);
  });

  it('removes EXIF and GPS from a JPEG that carries them', async () => {
    const input = await generatePhoto('image/jpeg', 1600, 1000, { gps: true });
    expect(await hasExif(input)).toBe(true);
    expect(await ascii(input)).toContain(GPS_MARKER);
    const output = await compressImage(input, 9.5);
    expect(output.blob.type).toBe('image/jpeg');
    expect(await hasExif(output.blob)).toBe(false);
    expect(await ascii(output.blob)).not.toContain(GPS_MARKER);
    expect([output.width, output.height]).toEqual([1600, 1000]);
  });

  it('applies the EXIF orientation (a phone photo taken upright arrives upright)', async () => {
    const input = await generatePhoto('image/jpeg', 1600, 1000, { gps: true, orientation: 6 });
    const output = await compressImage(input, 9.5);
    expect([output.width, output.height]).toEqual([1000, 1600]);
    expect(await hasExif(output.blob)).toBe(false);
  });

  it('brings a large photo under max-upload-mb and turns PNG into JPEG', async () => {
    const input = await generatePhoto('image/png', 3000, 2000);
    const limitMb = 0.25;
    const output = await compressImage(input, limitMb);
    expect(output.blob.type).toBe('image/jpeg');
    expect(output.blob.size).toBeLessThanOrEqual(limitMb * 1024 * 1024);
    expect(new Uint8Array(await output.blob.slice(0, 3).arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
  });

  it('never sends more than 10,000 px a side', async () => {
    const input = await generatePhoto('image/jpeg', 12_000, 1200, { quality: 0.6 });
    const output = await compressImage(input, 9.5);
    expect(Math.max(output.width, output.height)).toBeLessThanOrEqual(MAX_SIDE_PX);
    expect(output.width).toBe(MAX_SIDE_PX);
  });

  it('refuses what is not an image, and clamps the limit to 9.5 MB', async () => {
    await expect(compressImage(new Blob(['%PDF-1.7 not a photo'], { type: 'image/jpeg' }))).rejects.toMatchObject({
      reason: 'not-an-image',
    });
    const truncated = (await generatePhoto('image/jpeg', 400, 300)).slice(0, 200);
    await expect(compressImage(truncated)).rejects.toBeInstanceOf(CompressError);
    expect(clampUploadMb(50)).toBe(9.5);
    expect(clampUploadMb('abc')).toBe(9.5);
    expect(clampUploadMb(-1)).toBe(9.5);
    expect(clampUploadMb('2')).toBe(2);
  });
});
