/**
 * The compression worker: browser-image-compression runs here, inside a module worker bundled from
 * the project's own files. Its own worker mode would `importScripts` the library from a CDN (or a
 * `libURL`) and silently fall back to the main thread when that fails; running it in our worker with
 * `useWebWorker: false` keeps the pixels off the main thread and makes any failure an error.
 */
import imageCompression from 'browser-image-compression';
import type { CompressReply, CompressRequest } from './compress-protocol.js';
import { serve } from './worker-rpc.js';

async function compress({ file, maxBytes, maxSide }: CompressRequest): Promise<CompressReply> {
  try {
    // Decoding first proves it is an image this browser can read, and gives its size.
    const source = await createImageBitmap(file).catch(() => null);
    if (!source) return { error: 'unreadable' };
    source.close();
    const output = await imageCompression(new File([file], 'capture', { type: file.type }), {
      maxSizeMB: maxBytes / (1024 * 1024),
      maxWidthOrHeight: maxSide,
      useWebWorker: false,
      fileType: 'image/jpeg',
      initialQuality: 0.92,
      maxIteration: 20,
      preserveExif: false,
    });
    const decoded = await createImageBitmap(output);
    const reply: CompressReply = { blob: output, width: decoded.width, height: decoded.height };
    decoded.close();
    return reply;
  } catch {
    return { error: 'failed' };
  }
}

serve(compress);
