import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeStrictBase64 } from './body.js';
import { signSessionCookie, verifySessionCookie } from './cookie.js';
import { deriveKeys } from './secrets.js';

const OLD = 'old-secret-old-secret-old-secret-0000';
const NEW = 'new-secret-new-secret-new-secret-1111';

describe('sealing tokens at rest (AES-256-GCM, key derived from the secret)', () => {
  it('round-trips, and the ciphertext shows nothing of the plaintext', () => {
    const keys = deriveKeys([NEW]);
    const sealed = keys.seal('sbx_at_secret-token', 'tokens s1');
    expect(sealed).not.toContain('sbx_at_');
    expect(keys.open(sealed, 'tokens s1')).toBe('sbx_at_secret-token');
    // Random IVs: sealing twice never gives the same text.
    expect(keys.seal('x', 'c')).not.toBe(keys.seal('x', 'c'));
  });

  it('refuses a sealed value moved to another session, tampered with, or sealed under an unknown key', () => {
    const keys = deriveKeys([NEW]);
    const sealed = keys.seal('payload', 'tokens s1');
    expect(keys.open(sealed, 'tokens s2')).toBeUndefined();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(keys.open([...parts.slice(0, 3), body.toString('base64url')].join('.'), 'tokens s1')).toBeUndefined();
    expect(deriveKeys([OLD]).open(sealed, 'tokens s1')).toBeUndefined();
    for (const junk of ['', 'v1', 'v1.a.b.c.d', 'v2.x.y.z', 'not sealed at all']) {
      expect(keys.open(junk, 'tokens s1')).toBeUndefined();
    }
  });

  it('rotates: the new key seals, the old key still opens, and old values are reported stale', () => {
    const before = deriveKeys([OLD]);
    const sealedOld = before.seal('payload', 'ctx');
    const rotated = deriveKeys([NEW, OLD]);
    expect(rotated.open(sealedOld, 'ctx')).toBe('payload');
    expect(rotated.isStale(sealedOld)).toBe(true);
    const sealedNew = rotated.seal('payload', 'ctx');
    expect(rotated.isStale(sealedNew)).toBe(false);
    expect(before.open(sealedNew, 'ctx')).toBeUndefined();
    // Cookies rotate the same way.
    const cookie = signSessionCookie({ id: 'session-id', device: 'device-id' }, [OLD]);
    expect(verifySessionCookie(cookie, [NEW, OLD])).toEqual({ id: 'session-id', device: 'device-id' });
    // The device is signed too: a cookie cannot be moved to another device's name.
    expect(verifySessionCookie(cookie.replace('.device-id.', '.other-device.'), [NEW, OLD])).toBeUndefined();
    expect(verifySessionCookie(cookie, [NEW])).toBeUndefined();
  });
});

describe('strict base64', () => {
  it('accepts padded standard base64 under the cap and refuses everything else with a 400', () => {
    expect(decodeStrictBase64(Buffer.from('@ANSI 636014').toString('base64'), 100, 'x').toString()).toBe(
      '@ANSI 636014',
    );
    for (const bad of ['', 'abc', 'ab=c', 'a!bc', 'YWJj\n', 'YW Jj', '-_-_', 'YQ']) {
      expect(() => decodeStrictBase64(bad, 100, 'x')).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(() => decodeStrictBase64(Buffer.alloc(101).toString('base64'), 100, 'x')).toThrow(/over the 100 byte/);
    expect(decodeStrictBase64(Buffer.alloc(100).toString('base64'), 100, 'x')).toHaveLength(100);
  });
});

describe('session cookie signatures', () => {
  it('signs with cookie-signature (id.device.base64 HMAC of "id.device") and verifies nothing else', () => {
    const value = signSessionCookie({ id: 'session-id', device: 'device-id' }, [NEW]);
    const mac = createHmac('sha256', NEW).update('session-id.device-id').digest('base64').replace(/=+$/, '');
    expect(value).toBe(`session-id.device-id.${mac}`);
    expect(verifySessionCookie(value, [NEW])).toEqual({ id: 'session-id', device: 'device-id' });
    for (const bad of ['', 'session-id', `session-id.${mac}`, `a.b.c.${mac}`, `${value}x`, 'x'.repeat(300)]) {
      expect(verifySessionCookie(bad, [NEW]), bad).toBeUndefined();
    }
  });

  it('still accepts a cookie written before the change (labelled base64url HMAC), so sessions survive the upgrade', () => {
    const earlier = createHmac('sha256', OLD)
      .update('berbix-capture session session-id device device-id')
      .digest('base64url');
    const value = `session-id.device-id.${earlier}`;
    expect(verifySessionCookie(value, [NEW, OLD])).toEqual({ id: 'session-id', device: 'device-id' });
    expect(verifySessionCookie(value, [NEW])).toBeUndefined();
    expect(verifySessionCookie(value.replace('device-id', 'other'), [OLD])).toBeUndefined();
  });
});
