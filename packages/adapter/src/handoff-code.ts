import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isHandoffCode } from '@berbix-capture/protocol';

/** Session ids are 24 random bytes (see `newSessionId`). */
const SESSION_ID_BYTES = 24;
const NONCE_BYTES = 12;

/**
 * One-time hand-off codes. A code carries its session's id, hidden under AES-256-CTR with a random
 * nonce so that the link (a QR code on a screen, a phone's history) never shows the id, and so the
 * claim can find the session without an index that every store would have to keep.
 *
 * A code proves nothing by itself: the session record keeps a keyed fingerprint of the one code it
 * accepts, and the claim compares against it. A guessed or altered code reveals a random id that
 * names no session, or a session whose fingerprint does not match.
 *
 * 12 nonce bytes + 24 id bytes = 36 bytes = 48 base64url characters (`HANDOFF_CODE_LENGTH`).
 */
export interface HandoffCodec {
  /** A fresh code for the session, under the newest secret; undefined for an id this scheme cannot carry. */
  issue(sessionId: string): string | undefined;
  /** The session ids the code may name, one per configured secret (newest first); empty when malformed. */
  candidates(code: unknown): string[];
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'berbix-capture', 'handoff-code aes-256-ctr v1', 32));
}

function ctr(key: Buffer, nonce: Buffer, data: Buffer): Buffer {
  const iv = Buffer.concat([nonce, Buffer.alloc(16 - NONCE_BYTES)]);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function handoffCodec(secrets: readonly string[]): HandoffCodec {
  const keys = secrets.map(deriveKey);
  const newest = keys[0];
  if (!newest) throw new TypeError('at least one secret is required');
  return {
    issue(sessionId) {
      const id = Buffer.from(sessionId, 'base64url');
      if (id.length !== SESSION_ID_BYTES || id.toString('base64url') !== sessionId) return undefined;
      const nonce = randomBytes(NONCE_BYTES);
      return Buffer.concat([nonce, ctr(newest, nonce, id)]).toString('base64url');
    },
    candidates(code) {
      if (!isHandoffCode(code)) return [];
      const bytes = Buffer.from(code, 'base64url');
      const nonce = bytes.subarray(0, NONCE_BYTES);
      const hidden = bytes.subarray(NONCE_BYTES);
      return keys.map((key) => ctr(key, nonce, hidden).toString('base64url'));
    },
  };
}
