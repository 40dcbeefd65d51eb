import { randomUUID } from 'node:crypto';

/**
 * A JSON request body whose byte fields are written as base64 straight from the caller's bytes,
 * chunk by chunk, when the request is sent: the image is never held as a base64 string, a JSON
 * string or a second byte array. The bytes it streams are exactly `JSON.stringify` of the same value
 * with each {@link Base64Field} replaced by its base64 string; {@link StreamedJsonBody.length} is
 * their count, known before anything is sent.
 */

/** Input bytes per base64 chunk: a multiple of 3, so no chunk but the last carries padding (64 KiB out). */
export const BASE64_CHUNK_INPUT_BYTES = 48 * 1024;

/** A byte field of a {@link StreamedJsonBody}: sent as a JSON string holding its standard, padded base64. */
export class Base64Field {
  readonly bytes: Buffer;
  constructor(bytes: Uint8Array) {
    // A view on the caller's memory, not a copy.
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** Length of the padded base64 of `n` bytes. */
export const base64Length = (n: number) => 4 * Math.ceil(n / 3);

/**
 * The base64 of `bytes` in pieces of `chunkBytes` input bytes (a multiple of 3), each piece ASCII
 * bytes; concatenated they equal `bytes.toString('base64')`.
 */
export function* base64Chunks(bytes: Buffer, chunkBytes = BASE64_CHUNK_INPUT_BYTES): Generator<Buffer> {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0 || chunkBytes % 3 !== 0) {
    throw new RangeError('chunkBytes must be a positive multiple of 3');
  }
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    yield Buffer.from(bytes.subarray(offset, offset + chunkBytes).toString('base64'), 'latin1');
  }
}

type Part = { text: Buffer } | { field: Base64Field; size: number };

export class StreamedJsonBody {
  /** Bytes of the whole body: the `Content-Length` to send. */
  readonly length: number;
  readonly #parts: readonly Part[];

  /** `value` is any JSON value; {@link Base64Field}s anywhere in it become base64 strings. */
  constructor(value: unknown) {
    const fields: Base64Field[] = [];
    // A per-body nonce marks where each field goes; no string of the caller's can contain it.
    const nonce = randomUUID();
    const marker = (index: number) => `${nonce}:${index}`;
    const skeleton = JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Base64Field ? marker(fields.push(item) - 1) : item,
    );
    if (skeleton === undefined) throw new TypeError('the body is not a JSON value');
    const parts: Part[] = [];
    let rest = skeleton;
    fields.forEach((field, index) => {
      // The marker is a JSON string with its quotes; the field is written between the same quotes.
      const at = rest.indexOf(`"${marker(index)}"`);
      if (at < 0) throw new Error('internal: a base64 field marker is missing from the JSON');
      parts.push({ text: Buffer.from(`${rest.slice(0, at)}"`, 'utf8') });
      parts.push({ field, size: field.bytes.byteLength });
      rest = `"${rest.slice(at + marker(index).length + 2)}`;
    });
    parts.push({ text: Buffer.from(rest, 'utf8') });
    this.#parts = parts;
    this.length = parts.reduce(
      (sum, part) => sum + ('text' in part ? part.text.byteLength : base64Length(part.size)),
      0,
    );
  }

  /**
   * A new stream of the body's bytes each time it is called (a retry sends the same bytes again),
   * produced as the reader pulls: one base64 chunk of at most 64 KiB ahead of the socket.
   */
  open(): ReadableStream<Uint8Array> {
    const parts = this.#parts;
    let index = 0;
    let chunks: Iterator<Buffer> | undefined;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        for (;;) {
          if (chunks) {
            const next = chunks.next();
            if (!next.done) {
              controller.enqueue(next.value);
              return;
            }
            chunks = undefined;
          }
          const part = parts[index++];
          if (!part) {
            controller.close();
            return;
          }
          if ('text' in part) {
            // A copy per stream: whatever the reader does with a chunk cannot reach the next attempt.
            controller.enqueue(Uint8Array.from(part.text));
            return;
          }
          if (part.field.bytes.byteLength !== part.size) {
            // Detached or resized since the body was built: the declared length would be a lie.
            controller.error(new TypeError('the bytes of an upload changed size while it was being sent'));
            return;
          }
          chunks = base64Chunks(part.field.bytes);
        }
      },
    });
  }
}
