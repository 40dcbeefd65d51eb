import { request as httpRequest } from 'node:http';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAMVA_BASE64, Browser, expectNoLeaksInFile, type RunningAdapter, startAdapter } from './testing/harness.js';
import { documentPng, jpegHeaderOnly, pngHeaderOnly } from './testing/images.js';

const UPLOAD_ROUTES = ['POST /v0/images/upload', 'POST /v0/idscans/upload'];

describe('rejections before anything reaches Berbix', () => {
  let sandbox: RunningSandbox;
  let adapter: RunningAdapter;
  let small: RunningAdapter;

  beforeAll(async () => {
    sandbox = await startSandbox();
    adapter = await startAdapter(sandbox);
    small = await startAdapter(sandbox, {
      limits: { maxImageBytes: 1024 * 1024, maxImageDimension: 4000, maxBarcodeBytes: 512 },
    });
  });
  afterAll(async () => {
    await adapter.close();
    await small.close();
    await sandbox.close();
  });

  /** Runs `fn` and proves that no upload request reached the sandbox meanwhile. */
  async function nothingForwarded<T>(fn: () => Promise<T>): Promise<T> {
    const before = sandbox.counters.snapshot().requests;
    const result = await fn();
    const after = sandbox.counters.snapshot().requests;
    for (const route of UPLOAD_ROUTES) expect(after[route] ?? 0, route).toBe(before[route] ?? 0);
    return result;
  }

  async function sessionAtFront(base = adapter.url): Promise<Browser> {
    const browser = new Browser(base);
    expect((await browser.startSession()).status).toBe(201);
    return browser;
  }

  it('401 without a session, or with a forged cookie', async () => {
    await nothingForwarded(async () => {
      const anonymous = new Browser(adapter.url);
      const answer = await anonymous.upload('document_front', documentPng(300, 200));
      expect(answer.status).toBe(401);
      expect(answer.json.error).toMatchObject({ code: 'no_session', requestId: expect.any(String) });
      anonymous.cookie = 'berbix_session=abc.def';
      expect((await anonymous.upload('document_front', documentPng(300, 200))).status).toBe(401);
    });
  });

  it('409 naming the current step for an upload out of order, 400 for an unknown subject', async () => {
    const browser = await sessionAtFront();
    await nothingForwarded(async () => {
      const back = await browser.upload('document_back', documentPng(300, 200));
      expect(back.status).toBe(409);
      expect(back.json.error).toMatchObject({ code: 'wrong_step', step: 'upload_document_front' });
      for (const subject of ['selfie_front', 'document_barcode', '..%2F..%2Fetc', 'DOCUMENT_FRONT']) {
        const answer = await browser.upload(subject, documentPng(300, 200));
        expect(answer.status, subject).toBe(400);
        expect(answer.json.error.code).toBe('invalid_request');
      }
    });
  });

  it('415 for bodies that are not what they claim, or not JPEG/PNG at all', async () => {
    const browser = await sessionAtFront();
    await nothingForwarded(async () => {
      const png = documentPng(300, 200);
      const cases: Array<[Uint8Array, string]> = [
        [png, 'text/plain'],
        [png, 'image/gif'],
        [png, 'image/jpeg'],
        [jpegHeaderOnly(300, 200), 'image/png'],
        [Buffer.from('GIF89a........'), 'image/png'],
        [Buffer.alloc(0), 'image/png'],
        [png.subarray(0, 12), 'image/png'],
        [Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg'],
      ];
      for (const [bytes, type] of cases) {
        const answer = await browser.upload('document_front', bytes, { 'content-type': type });
        expect(answer.status, type).toBe(415);
        expect(answer.json.error.code).toBe('unsupported_media_type');
      }
      const missing = await browser.request('POST', '/session/images/document_front', { body: new Uint8Array(png) });
      expect(missing.status).toBe(415);
    });
  });

  it('422 past 10,000 px a side (or the configured lower cap), read from the header only', async () => {
    const browser = await sessionAtFront();
    await nothingForwarded(async () => {
      for (const bytes of [pngHeaderOnly(10_001, 10), pngHeaderOnly(10, 10_001), jpegHeaderOnly(10_001, 7000)]) {
        const answer = await browser.upload('document_front', bytes, {
          'content-type': bytes[0] === 0xff ? 'image/jpeg' : 'image/png',
        });
        expect(answer.status).toBe(422);
        expect(answer.json.error.code).toBe('image_dimensions_too_large');
      }
      const lower = await sessionAtFront(small.url);
      expect((await lower.upload('document_front', pngHeaderOnly(4001, 10))).status).toBe(422);
    });
  });

  it('400 for a barcode header that is not strict base64, too large, or sent with the front', async () => {
    const browser = await sessionAtFront();
    expect((await browser.upload('document_front', documentPng(1200, 760))).json.nextStep).toBe('upload_document_back');
    await nothingForwarded(async () => {
      for (const value of ['not base64!', 'QUJD\u00e9', 'QUJ', '====', Buffer.alloc(4097).toString('base64')]) {
        const answer = await browser.upload('document_back', documentPng(300, 200), { 'x-berbix-barcode': value });
        expect(answer.status, value.slice(0, 20)).toBe(400);
        expect(answer.json.error.code).toBe('invalid_request');
      }
      const lower = await sessionAtFront(small.url);
      const front = await lower.upload('document_front', documentPng(300, 200), { 'x-berbix-barcode': AAMVA_BASE64 });
      expect(front.status).toBe(400);
      expect(front.json.error.message).toMatch(/only with document_back/);
    });
  });

  it('413 past the cap: a declared length is refused before reading, a streamed one as soon as it passes', async () => {
    const browser = await sessionAtFront(small.url);
    await nothingForwarded(async () => {
      const declared = await streamUpload(small.url, browser.cookie, {
        declaredLength: 20 * 1024 * 1024 + 1,
        sendBytes: 0,
      });
      expect(declared.status).toBe(413);
      expect(declared.body).toMatch(/payload_too_large/);
      // 64 MB offered without a length: the adapter must stop long before reading it all.
      const streamed = await streamUpload(small.url, browser.cookie, { sendBytes: 64 * 1024 * 1024 });
      expect(streamed.status).toBe(413);
      expect(streamed.bytesAccepted).toBeLessThan(8 * 1024 * 1024);
      // Under the adapter's cap but over Berbix's 20 MB body once base64-encoded: the client refuses it unsent.
      const base64Large = await sessionAtFront();
      const padded = Buffer.concat([pngHeaderOnly(3000, 2000), Buffer.alloc(16 * 1024 * 1024)]);
      const tooBigForBerbix = await base64Large.upload('document_front', padded);
      expect(tooBigForBerbix.status).toBe(413);
      expect(tooBigForBerbix.json.error.code).toBe('payload_too_large');
      // The default cap is Berbix's 20 MB.
      const full = await sessionAtFront();
      const over = await streamUpload(adapter.url, full.cookie, { declaredLength: 20 * 1024 * 1024 + 1, sendBytes: 0 });
      expect(over.status).toBe(413);
    });
  });

  it('a sender that disappears mid-body costs nothing: nothing forwarded, no lease left, the next upload works', async () => {
    const browser = await sessionAtFront();
    await nothingForwarded(async () => {
      const url = new URL(`${adapter.url}/session/images/document_front`);
      await new Promise<void>((resolve) => {
        const req = httpRequest(url, {
          method: 'POST',
          headers: { cookie: browser.cookie, 'content-type': 'image/png', 'content-length': '500000' },
        });
        req.on('error', () => resolve());
        req.write(documentPng(1200, 760).subarray(0, 1000), () => setTimeout(() => req.destroy(), 50));
        req.on('close', () => resolve());
      });
    });
    const after = await browser.upload('document_front', documentPng(1200, 760));
    expect(after.status).toBe(200);
  });

  it('403 for a state-changing call from another origin', async () => {
    const browser = await sessionAtFront();
    await nothingForwarded(async () => {
      const evil = new Browser(adapter.url, 'https://evil.example');
      evil.cookie = browser.cookie;
      const answer = await evil.upload('document_front', documentPng(1200, 760));
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe('forbidden_origin');
      expect((await evil.request('DELETE', '/session')).status).toBe(403);
      expect(
        (await evil.request('POST', '/session/idscan', { body: '{}', headers: { 'content-type': 'application/json' } }))
          .status,
      ).toBe(403);
    });
    // The same origin is fine.
    const same = new Browser(adapter.url, new URL(adapter.url).origin);
    same.cookie = browser.cookie;
    expect((await same.upload('document_front', documentPng(1200, 760))).status).toBe(200);
  });

  it('400/413 for malformed id scans', async () => {
    const browser = await sessionAtFront(small.url);
    const post = (body: string, type = 'application/json') =>
      browser.request('POST', '/session/idscan', { body, headers: { 'content-type': type } });
    await nothingForwarded(async () => {
      expect((await post('{"pdf417": "not base64"}')).status).toBe(400);
      expect((await post('{"pdf417": 12}')).status).toBe(400);
      expect((await post(`{"pdf417": "${AAMVA_BASE64}", "templateKey": "x"}`)).status).toBe(400);
      expect((await post('[1,2]')).status).toBe(400);
      expect((await post('{"pdf417": ')).status).toBe(400);
      expect((await post(JSON.stringify({ pdf417: Buffer.alloc(600).toString('base64') }))).status).toBe(400);
      expect((await post(JSON.stringify({ pdf417: 'A'.repeat(100_000) }))).status).toBe(413);
    });
  });

  it('answers arbitrary hostile uploads with a defined 4xx (or a forwarded answer), never a 5xx', async () => {
    const browser = await sessionAtFront(small.url);
    const jpegLike = fc
      .tuple(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }))
      .map(([w, h]) => jpegHeaderOnly(w, h));
    const body = fc.oneof(fc.uint8Array({ maxLength: 2048 }), jpegLike, fc.constant(new Uint8Array(0)));
    const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 64 }), fc.base64String({ maxLength: 64 }));
    const type = fc.constantFrom('image/jpeg', 'image/png', 'image/PNG; q=1', 'text/html', '', 'image/jpeg, image/png');
    const subject = fc.constantFrom('document_front', 'document_back', 'x', '%00', 'document_front%2F..');
    await fc.assert(
      fc.asyncProperty(body, header, type, subject, async (bytes, barcode, contentType, where) => {
        const headers: Record<string, string> = { 'content-type': contentType };
        // Header values must be Latin-1 without control characters to be sent at all.
        if (barcode !== undefined && /^[\x20-\x7e]*$/.test(barcode)) headers['x-berbix-barcode'] = barcode;
        const answer = await browser.upload(where, bytes, headers);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        } else {
          expect(answer.json).toMatchObject({ issues: expect.any(Array), nextStep: expect.any(String) });
        }
      }),
      { numRuns: 60, seed: 20261121 },
    );
  });

  it('never echoes tokens, barcodes or bodies in any of these answers or logs', () => {
    expectNoLeaksInFile(sandbox, 20);
  });
});

/**
 * Sends an upload with Node's http client so a test controls the framing: a declared length
 * without the bytes, or a stream without a length. Reports the answer and how much the server took.
 */
function streamUpload(
  base: string,
  cookie: string,
  options: { declaredLength?: number; sendBytes: number },
): Promise<{ status: number; body: string; bytesAccepted: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${base}/session/images/document_front`);
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'image/png',
        ...(options.declaredLength !== undefined && { 'content-length': String(options.declaredLength) }),
      },
    });
    let bytesAccepted = 0;
    let answered: { status: number; body: string } | undefined;
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        answered = { status: response.statusCode ?? 0, body };
        req.destroy();
        resolve({ ...answered, bytesAccepted });
      });
    });
    // The server cutting the connection after its answer is expected; before it, a failure.
    req.on('error', (error) => {
      if (!answered) setTimeout(() => (answered ? undefined : reject(error)), 500);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x89);
    const pump = () => {
      while (bytesAccepted < options.sendBytes && !answered && !req.destroyed) {
        bytesAccepted += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (options.declaredLength === undefined && !answered && !req.destroyed) req.end();
    };
    req.flushHeaders();
    pump();
  });
}
