/** Main thread -> compression worker. */
export interface CompressRequest {
  id: number;
  file: Blob;
  maxBytes: number;
  maxSide: number;
}

/** Compression worker -> main thread. */
export type CompressReply =
  | { id: number; blob: Blob; width: number; height: number }
  | { id: number; error: 'unreadable' | 'failed' };
