import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cardImage } from '@berbix-capture/testing/card-images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../server.js';
import { bearer, call, createTransaction, upload } from '../test-support/api.js';

/** The real photograph of a specimen California licence back in shared/ (beside the repository). */
const SPECIMEN = fileURLToPath(new URL('../../../../../shared/pdf417/dl-specimen/', import.meta.url));

describe('a real licence-back photograph (shared/pdf417/dl-specimen)', () => {
  let sandbox: RunningSandbox;
  let photo: Buffer;
  let payload: Buffer;
  let front: Buffer;
  beforeAll(async () => {
    if (!existsSync(SPECIMEN)) throw new Error(`shared/pdf417/dl-specimen is missing (looked in ${SPECIMEN})`);
    photo = readFileSync(`${SPECIMEN}reverse_side_sample.jpg`);
    payload = readFileSync(`${SPECIMEN}reverse_side_sample.txt`);
    sandbox = await startSandbox();
    front = await cardImage({ width: 960, height: 600 });
  });
  afterAll(() => sandbox.close());

  it('reads its PDF417 from the photo, agrees with the device payload, and reports its fields and flags', async () => {
    const t = await createTransaction(sandbox);
    await upload(sandbox, t.client, front, 'document_front');
    const answer = await upload(sandbox, t.client, photo, 'document_back', { barcode: payload });
    expect(answer.body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
    const result = (await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) })).body ?? {};
    const fields = result.fields as Record<string, { value: string }>;
    expect(fields.id_number?.value).toBe('D1234562 XYXYXYXYXYXYXYXYX');
    expect(fields.date_of_birth?.value).toBe('1977-10-31');
    expect(fields.id_expiry_date?.value).toBe('2014-10-31');
    expect(fields.id_issuer?.value).toBe('CA');
    expect(result.flags).toContain('id_expired');
    expect(result.action).toBe('reject');
  });

  it('refuses the photo with another licence payload from the device as a mismatch', async () => {
    const t = await createTransaction(sandbox);
    await upload(sandbox, t.client, front, 'document_front');
    const other = Buffer.from(payload.toString('latin1').replace('D1234562', 'D7654321'), 'latin1');
    const answer = await upload(sandbox, t.client, photo, 'document_back', { barcode: other });
    expect(answer.body).toMatchObject({
      issues: ['bad_upload'],
      issue_details: { bad_upload: { barcode_mismatch: true } },
    });
  });
});
