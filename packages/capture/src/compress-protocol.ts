/** Main thread -> compression worker. */
export interface CompressRequest {
  file: Blob;
  maxBytes: number;
  maxSide: number;
}

/** Compression worker -> main thread. */
export type CompressReply = { blob: Blob; width: number; height: number } | { error: 'unreadable' | 'failed' };
