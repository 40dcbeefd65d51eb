import { expect, test } from '@playwright/test';
import { DemoPage } from './fixtures/demo.js';
import { QUADRANT_COLOURS } from './fixtures/y4m.js';

const demoUrl = () => {
  const url = process.env.DEMO_URL;
  if (!url) throw new Error('DEMO_URL is not set: the global setup did not start the demo');
  return url;
};

/** Every token the embedded sandbox has handed out (a sandbox test aid, guarded by its secret). */
async function issuedTokens(): Promise<string[]> {
  const response = await fetch(`${process.env.SANDBOX_URL}/_sandbox/issued-tokens`, {
    headers: { authorization: `Basic ${Buffer.from('secret_test_sandbox:').toString('base64')}` },
  });
  return ((await response.json()) as { tokens: string[] }).tokens;
}

test('the demo starts a session and plays the fake camera in the live preview; no token reaches the page', async ({
  page,
  context,
}) => {
  const seen: string[] = [];
  page.on('response', async (response) => {
    seen.push(JSON.stringify(response.headers()));
    const type = response.headers()['content-type'] ?? '';
    if (/json|text|javascript|html/.test(type)) seen.push(await response.text().catch(() => ''));
  });
  page.on('console', (message) => seen.push(message.text()));

  const sessionCreated = page.waitForResponse(
    (response) => response.url().endsWith('/berbix/session') && response.request().method() === 'POST',
  );
  await page.goto(demoUrl());
  const session = await sessionCreated;
  expect(session.status()).toBe(201);
  expect(await session.json()).toMatchObject({ step: 'upload_document_front' });
  await new DemoPage(page).useThisComputerIfOffered();

  const video = page.locator('berbix-capture').locator('video');
  await expect(video).toBeVisible();
  // The live region now carries guidance from the quality analyser; the step's instruction is on screen.
  // (The live region may say it too; the visible paragraph is the one that counts here.)
  await expect(
    page.locator('berbix-capture p:not([role="status"])', { hasText: 'Place the front of your ID inside the frame' }),
  ).toBeVisible();

  // Read the frame the preview is playing: each quadrant must show the colour the Y4M was made from.
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 })
    .toBeGreaterThan(0);
  const pixels = await video.evaluate((v: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(v, 0, 0);
    const at = (fx: number, fy: number) =>
      Array.from(
        ctx.getImageData(Math.floor(v.videoWidth * fx), Math.floor(v.videoHeight * fy), 1, 1).data.slice(0, 3),
      );
    return {
      size: [v.videoWidth, v.videoHeight],
      topLeft: at(0.25, 0.25),
      topRight: at(0.75, 0.25),
      bottomLeft: at(0.25, 0.75),
      bottomRight: at(0.75, 0.75),
    };
  });
  expect(pixels.size).toEqual([640, 480]);
  for (const quadrant of ['topLeft', 'topRight', 'bottomLeft', 'bottomRight'] as const) {
    const expected = QUADRANT_COLOURS[quadrant];
    pixels[quadrant].forEach((channel, i) => {
      expect(Math.abs(channel - (expected[i] ?? 0)), `${quadrant} channel ${i}: ${pixels[quadrant]}`).toBeLessThan(12);
    });
  }

  // No Berbix token anywhere the page could see: responses, headers, console, cookies, storage.
  const tokens = await issuedTokens();
  expect(tokens.length).toBeGreaterThanOrEqual(3);
  const cookies = JSON.stringify(await context.cookies());
  const storage = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  );
  const everything = seen.join('\n') + cookies + storage;
  for (const token of tokens) expect(everything).not.toContain(token);
  expect(everything).not.toMatch(/sbx_(at|ct|rt)_/);
  expect(cookies).toContain('"httpOnly":true');
});
