import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Keys derived from the integrator's `secret`. The first secret of a rotation list signs cookies and
 * seals new data; every secret in the list still opens what it sealed, so a rotation never logs
 * anyone out or loses a session.
 */
export interface SecretKeys {
  /** Secrets, newest first, as given. Cookie signatures are checked against each. */
  readonly secrets: readonly string[];
  seal(plaintext: string, context: string): string;
  /** The plaintext, or undefined when no key opens it (tampered, other context, retired key). */
  open(sealed: string, context: string): string | undefined;
  /** True when `sealed` was made with an older key and should be sealed again. */
  isStale(sealed: string): boolean;
  /** A keyed fingerprint of `text` (HMAC-SHA256 under the newest key): comparable, not reversible. */
  tag(text: string): string;
  /** Whether `tag` is the fingerprint of `text` under any of the keys (constant-time per key). */
  matchesTag(text: string, tag: string): boolean;
}

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface DerivedKey {
  id: string;
  key: Buffer;
  tagKey: Buffer;
}

function derive(secret: string): DerivedKey {
  // HKDF rather than a bare hash: the same secret also signs cookies, and the two uses must not share a key.
  const key = Buffer.from(hkdfSync('sha256', secret, 'berbix-capture', 'token-encryption aes-256-gcm v1', 32));
  // A short public fingerprint picks the key on read without trying them all; it reveals nothing useful.
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  const tagKey = Buffer.from(hkdfSync('sha256', secret, 'berbix-capture', 'fingerprint hmac-sha256 v1', 32));
  return { id, key, tagKey };
}

export function deriveKeys(secrets: readonly string[]): SecretKeys {
  const keys = secrets.map(derive);
  const current = keys[0];
  if (!current) throw new TypeError('at least one secret is required');
  return {
    secrets,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      // The context (the session id) is authenticated: a sealed blob moved to another record will not open.
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${FORMAT}.${current.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      if (typeof sealed !== 'string') return undefined;
      const [format, id, ivText, bodyText, ...rest] = sealed.split('.');
      if (format !== FORMAT || rest.length > 0 || !ivText || !bodyText) return undefined;
      const key = keys.find((candidate) => candidate.id === id);
      if (!key) return undefined;
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
    isStale(sealed) {
      return !sealed.startsWith(`${FORMAT}.${current.id}.`);
    },
    tag(text) {
      return createHmac('sha256', current.tagKey).update(text, 'utf8').digest('base64url');
    },
    matchesTag(text, tag) {
      const given = Buffer.from(String(tag));
      return keys.some((candidate) => {
        const expected = Buffer.from(createHmac('sha256', candidate.tagKey).update(text, 'utf8').digest('base64url'));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
    },
  };
}
