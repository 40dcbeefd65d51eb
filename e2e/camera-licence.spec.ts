import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LANGUAGES } from '@berbix-capture/capture';
import type { InputManifest } from './fixtures/cards.js';
import { cameraLaunch } from './fixtures/chromium.js';
import { HOLDERS } from './fixtures/holders.js';
import { watchForLeaks } from './fixtures/leaks.js';
import { MANIFEST } from './fixtures/paths.js';
import { dashboardTransaction, expectBarcodeFields } from './fixtures/sandbox.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flows through the live camera: Chromium's fake camera plays a generated video of the card, and
 * nothing but the element decides when to take the photo (the shutter is never pressed). This
 * file: the licence (1080p at 5 fps: the front for 3 s, then the back with its PDF417 for 8 s, looping).
 */
const EN = LANGUAGES.en;
const BARCODE_HEADER = 'x-berbix-barcode';
const manifest = () => JSON.parse(readFileSync(MANIFEST, 'utf8')) as InputManifest;

// 1080p at 5 fps: the front for 3 s, then the back with its PDF417 for 8 s, looping.
test.use({ launchOptions: cameraLaunch('licence') });

// The same camera flow through the plain tag, the React wrapper and the Vue wrapper (flow 8).
for (const tab of ['HTML tag', 'React', 'Vue'] as const) {
  test(`${tab}: DL front auto-captured, back auto-captured on the barcode, done; the device payload reaches the sandbox and the result shows the barcode holder (flows 1 and 8)`, async ({
    demo,
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    const leaks = watchForLeaks(page);
    await demo.open();
    if (tab !== 'HTML tag') await demo.selectTab(tab);
    await demo.expectView('capture');
    await expect(demo.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
    await expect(demo.element.locator('video')).toBeVisible();

    // Front: the element captures by itself.
    await demo.expectView('review', 30_000);
    expect(await demo.eventCount('berbix-capture')).toBe(1);
    const front = await demo.usePhoto('document_front');
    expect(await front.json()).toMatchObject({ issues: [], nextStep: 'upload_document_back' });
    expect(front.request().headers()[BARCODE_HEADER], 'no barcode travels with the front').toBeUndefined();

    // Back: the camera starts the video again (front first); the element waits for the barcode.
    await demo.expectView('capture');
    await expect(demo.heading).toHaveText(`Step 2 of 2 · ${EN.backTitle}`);
    await demo.expectView('review', 30_000);
    expect(await demo.eventCount('berbix-capture')).toBe(2);
    const back = await demo.usePhoto('document_back');
    expect(await back.json()).toMatchObject({ issues: [], nextStep: 'done' });

    // The payload decoded on the device is byte for byte the one encoded in the card.
    const sent = back.request().headers()[BARCODE_HEADER];
    expect(sent, 'the back upload carries the decoded barcode').toBeTruthy();
    expect(Buffer.from(sent ?? '', 'base64').toString('latin1')).toBe(manifest().payloads.camera);

    await demo.expectView('finished');
    await demo.expectResultNames(HOLDERS.camera);
    await expect(demo.resultValue('Document number')).toHaveText(HOLDERS.camera.documentNumber);
    const transactionId = (await demo.resultValue('Berbix transaction').textContent())?.trim() ?? '';
    const tx = await dashboardTransaction(transactionId);
    expectBarcodeFields(tx, HOLDERS.camera);
    // ...and the sandbox received exactly those bytes as supplementary_data (it keeps only a digest).
    const encoded = createHash('sha256').update(Buffer.from(manifest().payloads.camera, 'latin1')).digest('hex');
    expect(tx.sandbox?.supplementary_barcode_sha256).toEqual([encoded]);
    expect(tx.flags ?? []).not.toContain('id_no_barcode_detected');

    // Flow 9 on the camera path: no token anywhere, and the decoded payload is never echoed back.
    await leaks.expectNoTokens(context);
    const payload = manifest().payloads.camera;
    await leaks.expectNotEchoed(payload, Buffer.from(payload, 'latin1').toString('base64'));
  });
}
