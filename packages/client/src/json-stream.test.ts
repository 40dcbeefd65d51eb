import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASE64_CHUNK_INPUT_BYTES, Base64Field, base64Chunks, base64Length, StreamedJsonBody } from './json-stream.js';

const K = BASE64_CHUNK_INPUT_BYTES;

/** Every chunk a stream gives, read to the end. */
async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return chunks;
}
const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks);

describe('base64Chunks', () => {
  const sizes = [0, 1, 2, 3, 4, 5, 6, 7, 47, 48, 49, K - 1, K, K + 1, K + 2, 2 * K - 1, 2 * K, 2 * K + 1, 3 * K + 2];

  it.each(sizes)('%i bytes: the chunks join to Buffer#toString("base64"), padding only at the end', (size) => {
    const bytes = randomBytes(size);
    const chunks = [...base64Chunks(bytes)];
    expect(joined(chunks).toString('latin1')).toBe(bytes.toString('base64'));
    expect(joined(chunks).byteLength).toBe(base64Length(size));
    expect(chunks).toHaveLength(Math.ceil(size / K));
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.byteLength).toBe(64 * 1024);
      expect(chunk.includes('='.charCodeAt(0))).toBe(false);
    }
  });

  it('holds at the 3-byte boundary for small chunk sizes and every length up to 40', () => {
    for (const chunkBytes of [3, 6, 9, 12]) {
      for (let size = 0; size <= 40; size++) {
        const bytes = randomBytes(size);
        expect(joined([...base64Chunks(bytes, chunkBytes)]).toString('latin1'), `${chunkBytes}/${size}`).toBe(
          bytes.toString('base64'),
        );
      }
    }
  });

  it('refuses a chunk size that would put padding mid-stream', () => {
    for (const bad of [0, 1, 2, 4, 5, 7, 64 * 1024, -3, 1.5]) {
      expect(() => [...base64Chunks(Buffer.from('abc'), bad)]).toThrow(RangeError);
    }
  });
});

describe('StreamedJsonBody', () => {
  it('streams exactly JSON.stringify of the value with each field as its base64, at any size', async () => {
    for (const size of [0, 1, 2, 3, K - 1, K, K + 1, 3 * K + 1]) {
      const image = randomBytes(size);
      const small = randomBytes(size % 7);
      const value = (data: unknown, extra: unknown) => ({
        images: [{ data, image_subject: 'document_front', note: 'é ✓ "quoted" \\ \n 🦊', extra: [extra, null, 1.5] }],
        tail: true,
      });
      const body = new StreamedJsonBody(value(new Base64Field(image), { b: new Base64Field(small) }));
      const bytes = joined(await chunksOf(body.open()));
      expect(bytes.toString('utf8')).toBe(
        JSON.stringify(value(image.toString('base64'), { b: small.toString('base64') })),
      );
      expect(bytes.byteLength, `size ${size}`).toBe(body.length);
    }
  });

  it('gives a new, identical stream each time it is opened (what a retry sends)', async () => {
    const image = randomBytes(2 * K + 5);
    const body = new StreamedJsonBody({ data: new Base64Field(image) });
    const first = joined(await chunksOf(body.open()));
    const second = joined(await chunksOf(body.open()));
    expect(second.equals(first)).toBe(true);
    // A stream abandoned half-way does not disturb the next one.
    const reader = body.open().getReader();
    await reader.read();
    await reader.cancel();
    expect(joined(await chunksOf(body.open())).equals(first)).toBe(true);
  });

  it('never holds more than one 64 KiB base64 chunk of the image at a time', async () => {
    const body = new StreamedJsonBody({ data: new Base64Field(randomBytes(10 * K)) });
    const chunks = await chunksOf(body.open());
    expect(Math.max(...chunks.map((chunk) => chunk.byteLength))).toBe(64 * 1024);
  });

  it('reads a view by its own bytes, not its backing buffer', async () => {
    const backing = Uint8Array.from([9, 9, 1, 2, 3, 4, 9]);
    const body = new StreamedJsonBody([new Base64Field(backing.subarray(2, 6))]);
    expect(joined(await chunksOf(body.open())).toString()).toBe(
      JSON.stringify([Buffer.from([1, 2, 3, 4]).toString('base64')]),
    );
  });

  it('errors the stream rather than send fewer bytes than declared when the bytes were detached', async () => {
    const data = new Uint8Array(100);
    const body = new StreamedJsonBody({ data: new Base64Field(data) });
    structuredClone(data.buffer, { transfer: [data.buffer] });
    await expect(chunksOf(body.open())).rejects.toThrow(/changed size/);
  });

  it('refuses a value that is not JSON', () => {
    expect(() => new StreamedJsonBody(undefined)).toThrow(TypeError);
  });
});
