import { cardImage } from '@berbix-capture/testing/card-images';
import { jurisdictionOnlyPayload, licencePayload } from '@berbix-capture/testing/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../server.js';
import { basic, bearer, call, createTransaction, upload } from '../test-support/api.js';

const W = 960;
const H = 600;

/**
 * Every issue code produced by a real image or payload, through the real upload route: nothing
 * here uses a scenario switch.
 */
describe('sandbox image inspection', () => {
  let sandbox: RunningSandbox;
  const payload = licencePayload();
  const images: Record<string, Buffer> = {};

  beforeAll(async () => {
    sandbox = await startSandbox();
    const entries = await Promise.all(
      Object.entries({
        front: cardImage({ width: W, height: H }),
        frontPng: cardImage({ width: W, height: H, format: 'image/png' }),
        blurred: cardImage({ width: W, height: H, blurRadius: 4, noise: 2 }),
        dark: cardImage({ width: W, height: H, exposure: 0.12, noise: 2 }),
        back: cardImage({ width: W, height: H, barcode: payload, moduleSize: 2 }),
        blurredBack: cardImage({ width: W, height: H, barcode: payload, moduleSize: 2, blurRadius: 4 }),
        otherBack: cardImage({
          width: W,
          height: H,
          barcode: licencePayload({ documentNumber: 'X9999999' }),
          moduleSize: 2,
        }),
        helloBack: cardImage({ width: W, height: H, barcode: 'HELLO, NOT A LICENCE', moduleSize: 2 }),
        unsupportedBack: cardImage({ width: W, height: H, barcode: jurisdictionOnlyPayload(), moduleSize: 2 }),
      }),
    );
    for (const [name, promise] of entries) images[name] = await promise;
  });
  afterAll(() => sandbox.close());

  /** A transaction already at the back step. */
  async function atBack() {
    const t = await createTransaction(sandbox);
    const front = await upload(sandbox, t.client, images.front as Buffer, 'document_front');
    expect(front.body?.next_step).toBe('upload_document_back');
    return t;
  }

  it('accepts a sharp, well-lit front as JPEG and as PNG', async () => {
    for (const [name, format] of [
      ['front', 'image/jpeg'],
      ['frontPng', 'image/png'],
    ] as const) {
      const t = await createTransaction(sandbox);
      const answer = await upload(sandbox, t.client, images[name] as Buffer, 'document_front', { format });
      expect(answer.body, name).toEqual({ issues: [], issue_details: {}, next_step: 'upload_document_back' });
    }
  });

  it('bad_upload: not an image, a truncated JPEG, or bytes that are not the declared format', async () => {
    const front = images.front as Buffer;
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from('%PDF-1.7 this is a document, not a photo'), 'image/jpeg', 'not_jpeg_or_png'],
      [front.subarray(0, Math.floor(front.length / 2)), 'image/jpeg', 'corrupt_image'],
      [images.frontPng as Buffer, 'image/jpeg', 'format_mismatch'],
    ];
    for (const [bytes, format, detail] of cases) {
      const t = await createTransaction(sandbox);
      const answer = await upload(sandbox, t.client, bytes, 'document_front', { format });
      expect(answer.status).toBe(200);
      expect(answer.body, detail).toMatchObject({ issues: ['bad_upload'], next_step: 'upload_document_front' });
      expect(((answer.body?.issue_details ?? {}) as Record<string, Record<string, boolean>>).bad_upload?.[detail]).toBe(
        true,
      );
    }
  });

  it('text_unreadable: a blurred front and a dark front', async () => {
    for (const name of ['blurred', 'dark']) {
      const t = await createTransaction(sandbox);
      const answer = await upload(sandbox, t.client, images[name] as Buffer, 'document_front');
      expect(answer.body, name).toMatchObject({ issues: ['text_unreadable'], next_step: 'upload_document_front' });
    }
  });

  it('reads the PDF417 from the back image itself: no device payload needed', async () => {
    const t = await atBack();
    const answer = await upload(sandbox, t.client, images.back as Buffer, 'document_back');
    expect(answer.body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
    const result = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) });
    expect(((result.body?.fields ?? {}) as Record<string, { value: string }>).id_number?.value).toBe('D1234567');
  });

  it('incomplete_barcode_detected: a back without a barcode, a blurred barcode, a barcode that is not AAMVA', async () => {
    for (const name of ['front', 'blurredBack', 'helloBack']) {
      const t = await atBack();
      const answer = await upload(sandbox, t.client, images[name] as Buffer, 'document_back');
      expect(answer.body?.issues, name).toContain('incomplete_barcode_detected');
      expect(answer.body?.next_step).toBe('upload_document_back');
    }
  });

  it('a sound device payload stands on its own when the image is unreadable; a broken one does not', async () => {
    const broken = await atBack();
    const bad = await upload(sandbox, broken.client, images.blurredBack as Buffer, 'document_back', {
      barcode: payload.slice(0, 40),
    });
    expect(bad.body?.issues).toContain('incomplete_barcode_detected');

    const t = await atBack();
    const answer = await upload(sandbox, t.client, images.blurredBack as Buffer, 'document_back', { barcode: payload });
    expect(answer.body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
  });

  it('bad_upload when the device payload does not match the barcode in the image', async () => {
    const t = await atBack();
    const answer = await upload(sandbox, t.client, images.otherBack as Buffer, 'document_back', { barcode: payload });
    expect(answer.body).toMatchObject({
      issues: ['bad_upload'],
      issue_details: { bad_upload: { barcode_mismatch: true } },
      next_step: 'upload_document_back',
    });
    const matching = await upload(sandbox, t.client, images.back as Buffer, 'document_back', { barcode: payload });
    expect(matching.body?.next_step).toBe('done');
  });

  it('unsupported_id_type with issue_details for an AAMVA file without a DL or ID subfile', async () => {
    const t = await atBack();
    const answer = await upload(sandbox, t.client, images.unsupportedBack as Buffer, 'document_back');
    expect(answer.body).toMatchObject({
      issues: ['unsupported_id_type'],
      issue_details: { unsupported_id_type: { aamva_subfile_types: ['ZV'] } },
      next_step: 'upload_document_back',
    });
  });

  it('moves on with issues: [] once a step has been retried more than max-retries (2) times', async () => {
    const t = await createTransaction(sandbox);
    const steps: unknown[] = [];
    for (let i = 0; i < 4; i++)
      steps.push((await upload(sandbox, t.client, images.dark as Buffer, 'document_front')).body);
    expect(steps.slice(0, 3)).toEqual(
      Array(3).fill({ issues: ['text_unreadable'], issue_details: {}, next_step: 'upload_document_front' }),
    );
    expect(steps[3]).toEqual({ issues: [], issue_details: {}, next_step: 'upload_document_back' });
    // The back has no barcode: the flow still ends after its retries, flagged.
    for (let i = 0; i < 4; i++) await upload(sandbox, t.client, images.front as Buffer, 'document_back');
    const result = await call(sandbox, 'GET', '/v0/transactions', { auth: bearer(t.access) });
    expect(result.body?.flags).toContain('id_no_barcode_detected');
    expect(result.body?.action).toBe('review');
  });

  it('id scans: a sound payload finishes; garbage is bad_upload; a partial one incomplete; a ZV-only file unsupported', async () => {
    const scan = (client: string, data: string | Buffer) =>
      call(sandbox, 'POST', '/v0/idscans/upload', {
        auth: bearer(client),
        body: { id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from(data).toString('base64') }] },
      });
    const t = await createTransaction(sandbox);
    expect((await scan(t.client, Buffer.from([0, 1, 2, 3, 254]))).body).toMatchObject({
      issues: ['bad_upload'],
      next_step: 'upload_document_front',
    });
    expect((await scan(t.client, payload.slice(0, 60))).body).toMatchObject({
      issues: ['incomplete_barcode_detected'],
      next_step: 'upload_document_front',
    });
    expect((await scan(t.client, jurisdictionOnlyPayload())).body).toMatchObject({
      issues: ['unsupported_id_type'],
      issue_details: { unsupported_id_type: { aamva_subfile_types: ['ZV'] } },
    });
    expect((await scan(t.client, payload)).body).toEqual({ issues: [], issue_details: {}, next_step: 'done' });
    const bad = await call(sandbox, 'POST', '/v0/idscans/upload', {
      auth: bearer(t.client),
      body: { id_scans: [{ scan_type: 'qr', extracted_data: 'AA==' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.message).toContain('id_scans[0].scan_type');
  });
});

describe('sandbox scenarios', () => {
  let sandbox: RunningSandbox;
  let front: Buffer;
  beforeAll(async () => {
    sandbox = await startSandbox();
    front = await cardImage({ width: W, height: H });
  });
  afterAll(() => sandbox.close());

  it('forces an issue on the named step for the given number of uploads, then inspects for real', async () => {
    const t = await createTransaction(sandbox, {
      customer_uid: 'scenario:visa_page_of_passport@front;user-7',
      template_key: 't',
    });
    const first = await upload(sandbox, t.client, front, 'document_front');
    expect(first.body).toEqual({
      issues: ['unsupported_id_type'],
      issue_details: { unsupported_id_type: { visa_page_of_passport: true } },
      next_step: 'upload_document_front',
    });
    expect((await upload(sandbox, t.client, front, 'document_front')).body?.next_step).toBe('upload_document_back');

    const twice = await createTransaction(sandbox, {
      customer_uid: 'u',
      template_key: 'scenario:no_face_on_id_detected@front*2',
    });
    expect((await upload(sandbox, twice.client, front, 'document_front')).body?.issues).toEqual([
      'no_face_on_id_detected',
    ]);
    expect((await upload(sandbox, twice.client, front, 'document_front')).body?.issues).toEqual([
      'no_face_on_id_detected',
    ]);
    expect((await upload(sandbox, twice.client, front, 'document_front')).body?.issues).toEqual([]);
  });

  it('refuses a scenario it does not know rather than ignore a typo', async () => {
    for (const uid of ['scenario:blurry@front', 'scenario:text_unreadable@idscan', 'scenario:bad_upload@side']) {
      const answer = await call(sandbox, 'POST', '/v0/transactions', {
        auth: basic(sandbox.secret),
        body: { customer_uid: uid, template_key: 't' },
      });
      expect(answer.status, uid).toBe(400);
      expect(answer.body?.message).toContain('customer_uid');
    }
  });
});
