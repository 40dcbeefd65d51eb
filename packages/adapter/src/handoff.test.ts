import { HANDOFF_CODE_LENGTH, HANDOFF_PARAM, type HandoffStatus } from '@berbix-capture/protocol';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import { startRedisServer } from '@berbix-capture/testing/redis-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureResult } from './options.js';
import { redisStore } from './redis-store.js';
import {
  allTranscripts,
  Browser,
  capturedLogs,
  expectNothingLeaked,
  type RunningAdapter,
  STATUS_AT_FRONT,
  startAdapter,
} from './testing/harness.js';
import { documentPng } from './testing/images.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every code this file saw: none may appear in a log line. */
const codesSeen: string[] = [];

async function desktopWithOffer(adapter: RunningAdapter, referer?: string) {
  const desktop = new Browser(adapter.url);
  expect((await desktop.startSession()).status).toBe(201);
  const offer = await desktop.request('POST', '/session/handoff', { headers: referer ? { referer } : {} });
  expect(offer.status).toBe(201);
  const url = new URL(offer.json.url as string);
  const code = new URLSearchParams(url.hash.slice(1)).get(HANDOFF_PARAM) ?? '';
  codesSeen.push(code);
  return { desktop, offer: offer.json as { url: string; expiresAt: string }, url, code };
}

/**
 * The phone sends the front, then the back with its barcode, to done. The pause between lets a
 * desktop's status stream (it reads the store once a second) see the back step.
 */
async function phoneCapturesBothSides(phone: Browser) {
  expect((await phone.upload('document_front', documentPng(1200, 760))).status).toBe(200);
  await sleep(1200);
  const back = await phone.uploadBack();
  expect(back.json.nextStep).toBe('done');
}

const PROGRESS = [
  'offered:upload_document_front',
  'claimed:upload_document_front',
  'claimed:upload_document_back',
  'claimed:done',
];

/**
 * The desktop heard the offer first and the finish last, and every change in between in order.
 * The stream reads the store once a second and the tests wait 1.2 s between changes, so each
 * normally shows; a loaded machine may merge two, which is still a correct stream.
 */
function expectProgress(events: HandoffStatus[]): void {
  const states = events.map((event) => `${event.state}:${event.step}`);
  expect(states[0]).toBe(PROGRESS[0]);
  expect(states.at(-1)).toBe(PROGRESS.at(-1));
  const positions = states.map((state) => PROGRESS.indexOf(state));
  expect(positions.every((position, i) => position >= 0 && (i === 0 || position > (positions[i - 1] ?? -1)))).toBe(
    true,
  );
}

let nextAddress = 1;
/** Each phone claims from its own address, as phones do: claims are budgeted per address. */
function claim(phone: Browser, code: unknown) {
  phone.clientIp ??= `198.18.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;
  return phone.request('POST', '/session/handoff/claim', { body: JSON.stringify({ code }), headers: JSON_HEADERS });
}

/** Reads `status` events from the SSE stream until it ends (or `limitMs` passes). */
async function readStatusEvents(adapter: RunningAdapter, cookie: string, limitMs = 15_000) {
  const response = await fetch(`${adapter.url}/session/handoff/events`, {
    headers: { cookie },
    signal: AbortSignal.timeout(limitMs),
  });
  const events: HandoffStatus[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = response.body?.getReader();
  const done = (async () => {
    try {
      while (reader) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffered += decoder.decode(chunk.value, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (block.startsWith('event: status\n')) events.push(JSON.parse(block.split('data: ')[1] ?? 'null'));
          end = buffered.indexOf('\n\n');
        }
      }
    } catch {
      // Timed out: the caller checks what arrived.
    }
  })();
  return { response, events, done };
}

describe('hand-off from a desktop to a phone', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  const completed: CaptureResult[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox, { onComplete: (result) => void completed.push(result) });
  });
  afterAll(async () => {
    await adapter.close();
    await sandbox.close();
  });

  it('offer, claim, the phone captures, the desktop watches the live status to done; onComplete once', async () => {
    const page = `${new URL(adapter.url).origin}/verify?order=7#top`;
    const { desktop, offer, url, code } = await desktopWithOffer(adapter, page);
    // The link is the page that asked, with the code in the fragment only (never sent to a server).
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(page.replace('#top', ''));
    expect(code).toHaveLength(HANDOFF_CODE_LENGTH);
    expect(url.search).not.toContain(code);
    expect(Date.parse(offer.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    // The link does not show the session id.
    expect(offer.url).not.toContain(desktop.sessionId());
    expect((await desktop.request('GET', '/session/handoff')).json).toMatchObject({ state: 'offered', done: false });

    const stream = await readStatusEvents(adapter, desktop.cookie);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);

    const phone = new Browser(adapter.url);
    const claimed = await claim(phone, code);
    expect(claimed.status).toBe(200);
    // On the phone, hand-off is no longer on offer.
    expect(claimed.json).toEqual({ ...STATUS_AT_FRONT, handoffAvailable: false });
    // Same session, another device: the phone's cookie is its own.
    expect(phone.sessionId()).toBe(desktop.sessionId());
    expect(phone.cookie).not.toBe(desktop.cookie);
    // The stream reads the shared store once a second: give it a beat to see each change.
    await sleep(1200);

    // The desktop now only watches.
    expect((await desktop.status()).json).toMatchObject({ watching: true, step: 'upload_document_front' });
    const refused = await desktop.upload('document_front', documentPng(1200, 760));
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('handed_off');
    expect((await desktop.request('POST', '/session/handoff')).json.error.code).toBe('handed_off');
    // The phone does not hand the session on, and is told hand-off is not available to it.
    expect((await phone.status()).json).toMatchObject({ watching: false, handoffAvailable: false });
    expect((await phone.request('POST', '/session/handoff')).json.error.code).toBe('handed_off');

    await phoneCapturesBothSides(phone);
    await stream.done;

    expectProgress(stream.events);
    expect(stream.events.at(-1)).toMatchObject({ state: 'claimed', step: 'done', done: true, expiresAt: null });

    expect(completed.filter((result) => result.sessionId === desktop.sessionId())).toHaveLength(1);
    // The integrator's page on the desktop reads the result through the desktop's own cookie.
    expect((await desktop.myResult()).found).toBe(true);
    expect((await desktop.status()).json).toMatchObject({ done: true, handoffAvailable: false });
  });

  it('a used code is refused for the second device, and the first keeps the session', async () => {
    const { code } = await desktopWithOffer(adapter);
    const first = new Browser(adapter.url);
    const second = new Browser(adapter.url);
    const [a, b] = await Promise.all([claim(first, code), claim(second, code)]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const loser = a.status === 410 ? a : b;
    expect(loser.json.error).toMatchObject({ code: 'handoff_used', message: expect.stringMatching(/already used/) });
    expect(loser.headers.get('set-cookie')).toBeNull();
    const winner = a.status === 200 ? first : second;
    expect((await winner.upload('document_front', documentPng(1200, 760))).status).toBe(200);
  });

  it('a code from another session is refused: replaced by a newer offer, a session that ended, another deployment, spliced', async () => {
    const { desktop, code: replaced } = await desktopWithOffer(adapter);
    const newer = await desktop.request('POST', '/session/handoff');
    expect(newer.status).toBe(201);
    const phone = new Browser(adapter.url);
    const stale = await claim(phone, replaced);
    expect(stale.status).toBe(404);
    expect(stale.json.error.code).toBe('handoff_invalid');
    expect(stale.json.error.message).toMatch(/ask for a new code/);

    const ended = await desktopWithOffer(adapter);
    await ended.desktop.request('DELETE', '/session');
    expect((await claim(phone, ended.code)).json.error.code).toBe('handoff_invalid');

    const elsewhere = await startAdapter(sandbox, { secret: 'another-deployment-secret-long-enough-1234' });
    try {
      const foreign = await desktopWithOffer(elsewhere);
      expect((await claim(phone, foreign.code)).json.error.code).toBe('handoff_invalid');
    } finally {
      await elsewhere.close();
    }

    // The nonce of one live code with the hidden id of another: matches neither session's code.
    const one = await desktopWithOffer(adapter);
    const two = await desktopWithOffer(adapter);
    const spliced = one.code.slice(0, 16) + two.code.slice(16);
    expect((await claim(phone, spliced)).json.error.code).toBe('handoff_invalid');
    // Both real codes still work afterwards.
    expect((await claim(new Browser(adapter.url), one.code)).status).toBe(200);
    expect((await claim(new Browser(adapter.url), two.code)).status).toBe(200);
  });

  it('malformed claims get 400 naming the problem, and no cookie', async () => {
    const phone = new Browser(adapter.url);
    for (const body of [
      '{"code":',
      '[]',
      '{"code":"short"}',
      `{"code":"${'!'.repeat(48)}"}`,
      '{"code":1}',
      '{"code":"x","more":1}',
    ]) {
      const answer = await phone.request('POST', '/session/handoff/claim', { body, headers: JSON_HEADERS });
      expect(answer.status, body).toBe(400);
      expect(answer.json.error.code).toBe('invalid_request');
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    // Without a session there is nothing to offer, watch or cancel.
    expect((await phone.request('POST', '/session/handoff')).status).toBe(401);
    expect((await phone.request('GET', '/session/handoff')).status).toBe(401);
    expect((await phone.request('GET', '/session/handoff/events')).status).toBe(401);
    expect((await phone.request('DELETE', '/session/handoff')).status).toBe(401);
  });

  it('cancel on the desktop takes a claimed session back: the phone hears handed_off, the desktop uploads again', async () => {
    const { desktop, code } = await desktopWithOffer(adapter);
    const phone = new Browser(adapter.url);
    expect((await claim(phone, code)).status).toBe(200);
    expect((await desktop.request('DELETE', '/session/handoff')).status).toBe(204);
    expect((await desktop.request('GET', '/session/handoff')).json.state).toBe('cancelled');
    const late = await phone.upload('document_front', documentPng(1200, 760));
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'handed_off', message: 'this capture continues on another device' });
    expect((await phone.status()).json.watching).toBe(true);
    expect((await desktop.status()).json.watching).toBe(false);
    expect((await desktop.upload('document_front', documentPng(1200, 760))).status).toBe(200);
    // The cancelled code cannot be claimed again.
    expect((await claim(new Browser(adapter.url), code)).json.error.code).toBe('handoff_invalid');
  });

  it('cancel on the phone hands the session back to the desktop; an unclaimed offer can be cancelled too', async () => {
    const { desktop, code } = await desktopWithOffer(adapter);
    const phone = new Browser(adapter.url);
    expect((await claim(phone, code)).status).toBe(200);
    expect((await phone.request('DELETE', '/session/handoff')).status).toBe(204);
    expect((await desktop.status()).json.watching).toBe(false);
    expect((await phone.upload('document_front', documentPng(1200, 760))).json.error.code).toBe('handed_off');

    const again = await desktopWithOffer(adapter);
    expect((await again.desktop.request('DELETE', '/session/handoff')).status).toBe(204);
    expect((await claim(new Browser(adapter.url), again.code)).json.error.code).toBe('handoff_invalid');
  });

  it('the status stream ends with cancelled when the phone gives the session back', async () => {
    const { desktop, code } = await desktopWithOffer(adapter);
    const phone = new Browser(adapter.url);
    expect((await claim(phone, code)).status).toBe(200);
    const stream = await readStatusEvents(adapter, desktop.cookie);
    await sleep(200);
    await phone.request('DELETE', '/session/handoff');
    await stream.done;
    expect(stream.events.map((event) => event.state)).toEqual(['claimed', 'cancelled']);
  });

  it('never logs a code, and no token reaches an answer', () => {
    expect(codesSeen.length).toBeGreaterThan(5);
    const logs = capturedLogs.join('\n');
    for (const code of codesSeen) expect(logs).not.toContain(code);
    expect(logs).toMatch(/hand-off claimed/);
    expectNothingLeaked(sandbox, allTranscripts);
  });
});

describe('hand-off limits and settings', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('an expired code explains itself; the desktop sees expired and a fresh offer works', async () => {
    const adapter = await startAdapter(sandbox, { handoffTtlMs: 300 });
    try {
      const { desktop, code } = await desktopWithOffer(adapter);
      const stream = await readStatusEvents(adapter, desktop.cookie);
      await sleep(400);
      const late = await claim(new Browser(adapter.url), code);
      expect(late.status).toBe(410);
      expect(late.json.error).toMatchObject({ code: 'handoff_expired', message: expect.stringMatching(/expired/) });
      await stream.done;
      expect(stream.events.map((event) => event.state)).toEqual(['offered', 'expired']);
      expect((await desktop.request('GET', '/session/handoff')).json).toMatchObject({
        state: 'expired',
        expiresAt: null,
      });
      const fresh = await desktop.request('POST', '/session/handoff');
      const freshCode = new URLSearchParams(new URL(fresh.json.url).hash.slice(1)).get(HANDOFF_PARAM);
      codesSeen.push(freshCode ?? '');
      expect((await claim(new Browser(adapter.url), freshCode)).status).toBe(200);
    } finally {
      await adapter.close();
    }
  });

  it('guessing is rate-limited per client address (on even with rateLimit: false), and other clients are unaffected', async () => {
    const adapter = await startAdapter(sandbox);
    try {
      const { code } = await desktopWithOffer(adapter);
      const attacker = new Browser(adapter.url);
      attacker.clientIp = '203.0.113.9';
      const guesses = [];
      for (let i = 0; i < 12; i++) {
        guesses.push(
          await claim(attacker, Buffer.from(crypto.getRandomValues(new Uint8Array(36))).toString('base64url')),
        );
      }
      expect(guesses.slice(0, 10).map((answer) => answer.json.error.code)).toEqual(Array(10).fill('handoff_invalid'));
      expect(guesses.slice(10).map((answer) => answer.status)).toEqual([429, 429]);
      expect(Number(guesses[10]?.headers.get('retry-after'))).toBeGreaterThan(0);
      // Past the budget even the right code waits: the budget is spent before the code is looked at.
      expect((await claim(attacker, code)).status).toBe(429);
      const phone = new Browser(adapter.url);
      phone.clientIp = '198.51.100.4';
      expect((await claim(phone, code)).status).toBe(200);
    } finally {
      await adapter.close();
    }
  });

  it('offers are limited per session when rate limits are on', async () => {
    const adapter = await startAdapter(sandbox, { rateLimit: { handoffOffersPerSession: 2 } });
    try {
      const desktop = new Browser(adapter.url);
      await desktop.startSession();
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await desktop.request('POST', '/session/handoff')).status);
      expect(answers).toEqual([201, 201, 429]);
    } finally {
      await adapter.close();
    }
  });

  it('handoffUrl: a fixed page, a function of the request, and a foreign Referer ignored by default', async () => {
    const fixed = await startAdapter(sandbox, { handoffUrl: 'https://shop.example/verify?step=id#old' });
    const computed = await startAdapter(sandbox, {
      handoffUrl: (req) => `https://m.shop.example/v/${req.get('x-order')}`,
    });
    const plain = await startAdapter(sandbox);
    try {
      const a = await desktopWithOffer(fixed);
      expect(a.url.href.replace(a.code, 'CODE')).toBe(`https://shop.example/verify?step=id#${HANDOFF_PARAM}=CODE`);
      const desktop = new Browser(computed.url);
      await desktop.startSession();
      const b = await desktop.request('POST', '/session/handoff', { headers: { 'x-order': '17' } });
      expect(b.json.url).toMatch(new RegExp(`^https://m\\.shop\\.example/v/17#${HANDOFF_PARAM}=`));
      const c = await desktopWithOffer(plain, 'https://evil.example/phish');
      expect(c.url.origin).toBe(new URL(plain.url).origin);
      expect(c.url.pathname).toBe('/');
    } finally {
      await fixed.close();
      await computed.close();
      await plain.close();
    }
  });

  it('handoff: false turns it off: not available, offer and claim answer 404', async () => {
    const adapter = await startAdapter(sandbox, { handoff: false });
    try {
      const desktop = new Browser(adapter.url);
      expect((await desktop.startSession()).json.handoffAvailable).toBe(false);
      expect((await desktop.status()).json.handoffAvailable).toBe(false);
      expect((await desktop.request('POST', '/session/handoff')).status).toBe(404);
      expect((await claim(desktop, 'A'.repeat(48))).status).toBe(404);
    } finally {
      await adapter.close();
    }
  });

  it('two instances on one Redis: one of two racing phones wins, and the desktop on the other instance sees the phone progress', async () => {
    const redis = await startRedisServer();
    const prefix = `handoff-${Date.now()}:`;
    const one = await startAdapter(sandbox, { store: redisStore({ url: redis.url, prefix }) });
    const two = await startAdapter(sandbox, { store: redisStore({ url: redis.url, prefix }) });
    try {
      const { desktop, code } = await desktopWithOffer(one);
      const stream = await readStatusEvents(one, desktop.cookie);
      const [a, b] = await Promise.all([claim(new Browser(one.url), code), claim(new Browser(two.url), code)]);
      expect([a.status, b.status].sort()).toEqual([200, 410]);
      const phone = new Browser(two.url);
      phone.cookie = (a.status === 200 ? a : b).headers.get('set-cookie')?.split(';')[0] ?? '';
      await sleep(1200);
      await phoneCapturesBothSides(phone);
      await stream.done;
      expectProgress(stream.events);
    } finally {
      await one.close();
      await two.close();
      await redis.stop();
    }
  });

  it('bad settings throw at start-up', async () => {
    await expect(startAdapter(sandbox, { handoffUrl: 'javascript:alert(1)' })).rejects.toThrow(TypeError);
    await expect(startAdapter(sandbox, { handoffTtlMs: 0 })).rejects.toThrow(/handoffTtlMs/);
    await expect(startAdapter(sandbox, { handoffTtlMs: 2 * 60 * 60 * 1000 })).rejects.toThrow(/handoffTtlMs/);
    // biome-ignore lint/suspicious/noExplicitAny: a wrong type on purpose.
    await expect(startAdapter(sandbox, { handoff: 'yes' as any })).rejects.toThrow(/handoff/);
  });
});
