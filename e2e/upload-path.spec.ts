import { cameraLaunch } from './fixtures/chromium.js';
import { fullName, HOLDERS } from './fixtures/holders.js';
import { watchForLeaks } from './fixtures/leaks.js';
import { dashboardTransaction } from './fixtures/sandbox.js';
import { expect, test } from './fixtures/test.js';

// A browser whose camera permission is refused: every flow here goes through the upload path.
test.use({ launchOptions: cameraLaunch('quadrants', { denied: true }) });

test('camera permission denied: the upload path takes the licence front and back to done, and the result panel shows the barcode holder (flows 4 and 9)', async ({
  demo,
  page,
  context,
}) => {
  const leaks = watchForLeaks(page);
  await demo.open();
  await demo.expectView('capture');
  // The denied screen offers the upload path, and says why.
  await expect(demo.element.getByRole('heading', { name: 'Camera access is blocked' })).toBeVisible();
  await expect(demo.eventLog.locator('li[data-type="berbix-camera"]')).toContainText('denied');

  await demo.sendLicencePhotos();
  await expect(demo.element.getByRole('heading', { name: 'All done' })).toBeVisible();

  // The result panel is filled from the server's onComplete result, read from the barcode.
  await expect(demo.resultValue('Name')).toHaveText(fullName(HOLDERS.upload));
  await expect(demo.resultValue('Document number')).toHaveText(HOLDERS.upload.documentNumber);
  await expect(demo.resultValue('Date of birth')).toHaveText(HOLDERS.upload.dateOfBirth);
  const transactionId = (await demo.resultValue('Berbix transaction').textContent())?.trim() ?? '';
  const tx = await dashboardTransaction(transactionId);
  expect(tx.fields?.family_name?.value).toBe(HOLDERS.upload.familyName);
  expect(tx.fields?.id_number?.value).toBe(HOLDERS.upload.documentNumber);

  // Flow 9: no Berbix token anywhere the page could see.
  expect(leaks.observed).toBeGreaterThan(20);
  await leaks.expectNoTokens(context);
});
