import { BerbixClient } from '@berbix-capture/client';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from './options.js';
import { memoryStore } from './store.js';
import { berbixWebhook } from './webhook.js';

const client = new BerbixClient({ apiSecret: 's', apiHost: 'http://127.0.0.1:1' });
const base = { client, secret: 'x'.repeat(32), transaction: () => ({ customerUid: 'a', templateKey: 'b' }) };

describe('options read against their schemas', () => {
  it('names the option and what it must be, at any depth', () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'berbixCapture must be an object'],
      [{ ...base, secret: 'short' }, 'secret must be a string of at least 32 characters'],
      [{ ...base, secret: [base.secret, 'short'] }, 'secret must be a string of at least 32 characters'],
      [{ secret: base.secret }, 'transaction is required'],
      [
        { ...base, limits: { maxImageBytes: 30 * 1024 * 1024 } },
        'limits.maxImageBytes must be a positive integer up to 20971520',
      ],
      [{ ...base, limits: [] }, 'limits must be an object'],
      [{ ...base, rateLimit: { sessionsPerIp: 1.5 } }, 'rateLimit.sessionsPerIp must be a positive integer'],
      [{ ...base, cookie: { name: 'a;b' } }, 'cookie.name must be 1-64 letters'],
      [{ ...base, store: { get() {} } }, 'store must implement get, set, delete and transition'],
      [{ ...base, handoffUrl: 'ftp://x.example' }, 'handoffUrl must be an http(s) URL'],
      [{ ...base, handoffTtlMs: 2 * 60 * 60 * 1000 }, 'handoffTtlMs must be a positive integer up to 3600000'],
    ];
    for (const [options, message] of cases) {
      expect(() => resolveOptions(options as never), message).toThrow(TypeError);
      expect(() => resolveOptions(options as never)).toThrow(message);
    }
  });

  it('lists the allowed options beside an unknown one, on every level and for the webhook', () => {
    expect(() => resolveOptions({ ...base, templateKey: 'x' } as never)).toThrow(
      /^unknown berbixCapture option templateKey; allowed: client, store, secret, transaction, onComplete/,
    );
    expect(() => resolveOptions({ ...base, limits: { maxPixels: 1 } } as never)).toThrow(
      /^unknown berbixCapture limits option maxPixels; allowed: maxImageBytes, maxImageDimension/,
    );
    expect(() => resolveOptions({ ...base, cookie: { domain: 'x' } } as never)).toThrow(
      'unknown berbixCapture cookie option domain; allowed: name',
    );
    expect(() => berbixWebhook({ secret: 's', onEvent: () => {}, tolerance: 5 } as never)).toThrow(
      'unknown berbixWebhook option tolerance; allowed: secret, onEvent, toleranceSeconds, replayGuard',
    );
    expect(() => berbixWebhook({ secret: 's', onEvent: () => {}, toleranceSeconds: 0 })).toThrow(
      'toleranceSeconds must be a number of seconds between 0 and 3600',
    );
  });

  it('fills defaults, keeps what was given, and turns budgets off with false', () => {
    const store = memoryStore();
    const resolved = resolveOptions({ ...base, store, limits: { maxConcurrentUploads: 3 }, rateLimit: false });
    expect(resolved.store).toBe(store);
    expect(resolved.limits).toMatchObject({
      maxConcurrentUploads: 3,
      maxConcurrentUploadsPerClient: 4,
      jsonBodyTimeoutMs: 10_000,
    });
    expect(resolved.rateLimit).toBeNull();
    // The claim budget guards one-time codes: it stays on at its default.
    expect(resolved.handoff).toMatchObject({ enabled: true, claimsPerIp: 10, ttlMs: 600_000 });
    expect(resolved.secrets).toEqual([base.secret]);
    expect(resolveOptions({ ...base, rateLimit: { uploadsPerIp: 5 } }).rateLimit).toMatchObject({
      uploadsPerIp: 5,
      sessionsPerIp: 10,
    });
    expect(resolveOptions({ ...base, cookie: { name: 'shop_capture' } }).cookieName).toBe('shop_capture');
  });
});
