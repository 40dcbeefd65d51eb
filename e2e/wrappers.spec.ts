import { cameraLaunch } from './fixtures/chromium.js';
import { HOLDERS } from './fixtures/holders.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flow 8: the same licence flow through the React and the Vue tab. The demo mounts the element
 * with each wrapper and listens through the wrapper's event props (`onBerbixComplete`, `v-on`),
 * so the event log filling up is the wrappers' events arriving. Upload path (camera refused).
 */
test.use({ launchOptions: cameraLaunch('quadrants', { denied: true }) });

for (const tab of ['React', 'Vue'] as const) {
  test(`the ${tab} tab takes the licence front and back to done, events and result included`, async ({
    demo,
    page,
  }) => {
    await demo.open();
    await demo.selectTab(tab);
    await expect(page.getByRole('radio', { name: tab })).toBeChecked();
    // Exactly one element, mounted by the wrapper (the plain-tag one is gone).
    await expect(page.locator('berbix-capture')).toHaveCount(1);
    await expect(demo.eventLog.locator('li[data-type="berbix-ready"]')).toHaveCount(1);

    await demo.sendLicencePhotos();
    await expect(demo.eventLog.locator('li[data-type="berbix-complete"]')).toHaveCount(1);
    expect(await demo.eventCount('berbix-capture')).toBe(2);
    expect(await demo.eventCount('berbix-step')).toBe(2);
    await demo.expectResultNames(HOLDERS.upload);
    await expect(demo.resultValue('Decision')).not.toHaveText('—');
  });
}
