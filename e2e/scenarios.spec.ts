import { type CaptureStrings, LANGUAGES } from '@berbix-capture/capture';
import { SCENARIO_NAMES, type ScenarioName } from '@berbix-capture/sandbox';
import { cameraLaunch } from './fixtures/chromium.js';
import { UPLOAD_FILES } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flow 7: each sandbox scenario (each Berbix issue, at the front and at the back), picked in the
 * demo's "Sandbox scenario" control, shows its own message. Upload path (camera refused): the
 * camera is not the point here, the issue loop is.
 */
test.use({ launchOptions: cameraLaunch('quadrants', { denied: true }) });

const EN = LANGUAGES.en;

/** What each scenario makes Berbix answer, and the message the element must show for it. */
const EXPECTED: Record<ScenarioName, { code: string; message: keyof CaptureStrings }> = {
  text_unreadable: { code: 'text_unreadable', message: 'issueTextUnreadable' },
  no_face_on_id_detected: { code: 'no_face_on_id_detected', message: 'issueNoFace' },
  incomplete_barcode_detected: { code: 'incomplete_barcode_detected', message: 'issueIncompleteBarcode' },
  unsupported_id_type: { code: 'unsupported_id_type', message: 'issueUnsupportedIdType' },
  visa_page_of_passport: { code: 'unsupported_id_type', message: 'issueVisaPage' },
  bad_upload: { code: 'bad_upload', message: 'issueBadUpload' },
};

test('the demo offers every sandbox scenario at the front and at the back', async ({ demo, page }) => {
  await demo.open();
  const offered = await page
    .getByLabel('Sandbox scenario')
    .locator('option')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
  expect(offered.sort()).toEqual(SCENARIO_NAMES.flatMap((name) => [`${name}@back`, `${name}@front`]).sort());
  // Each scenario has a message of its own (the visa page is not the generic unsupported text).
  const messages = SCENARIO_NAMES.map((name) => EN[EXPECTED[name].message]);
  expect(new Set(messages).size).toBe(SCENARIO_NAMES.length);
});

for (const name of SCENARIO_NAMES) {
  for (const step of ['front', 'back'] as const) {
    test(`scenario ${name}@${step} shows its own message and keeps the step`, async ({ demo }) => {
      const { code, message } = EXPECTED[name];
      await demo.open();
      await demo.startOver({ document: 'DL', scenario: `${name}@${step}` });
      await demo.expectView('capture');
      if (step === 'back') {
        await demo.sendPhoto(UPLOAD_FILES.front, 'document_front');
        await expect(demo.heading).toHaveText(`Step 2 of 2 · ${EN.backTitle}`);
      }
      const subject = step === 'front' ? 'document_front' : 'document_back';
      const answer = (await (
        await demo.sendPhoto(step === 'front' ? UPLOAD_FILES.front : UPLOAD_FILES.back, subject)
      ).json()) as {
        issues: string[];
        nextStep: string;
      };
      expect(answer.issues).toEqual([code]);
      expect(answer.nextStep).toBe(`upload_document_${step}`);

      await demo.expectView('capture');
      await expect(demo.heading).toHaveText(
        step === 'front' ? `Step 1 of 2 · ${EN.frontTitle}` : `Step 2 of 2 · ${EN.backTitle}`,
      );
      const shown = demo.element.locator('[data-issues] li');
      await expect(shown).toHaveCount(1);
      await expect(demo.issue(code)).toContainText(EN[message]);
      // The same text reaches screen readers through the live region.
      await expect(demo.element.locator('[role="status"]')).toContainText(EN[message]);
    });
  }
}
