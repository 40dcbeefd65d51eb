import { describe, expect, it } from 'vitest';
import { uploadResponseFrom } from './answers.js';
import { BerbixAPIError, BerbixPayloadTooLargeError } from './errors.js';
import type { StreamedJsonBody } from './json-stream.js';
import { idScanUploadBody, imagesUploadBody, MAX_UPLOAD_BODY_BYTES } from './uploads.js';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** The bytes a streamed body sends, as text, checked against its declared length. */
async function sent(body: StreamedJsonBody): Promise<string> {
  const bytes = Buffer.from(await new Response(body.open()).arrayBuffer());
  expect(bytes.byteLength).toBe(body.length);
  return bytes.toString('utf8');
}

describe('imagesUploadBody', () => {
  it("builds Berbix's wire shape, the barcode as supplementary_data.extracted_barcode", async () => {
    const payload = Buffer.from('@\n\u001e\rANSI 636014040002DL00410278ZC03190008DLDAQD1234562', 'latin1');
    const text = await sent(
      imagesUploadBody([{ data: JPEG, subject: 'document_back', format: 'image/jpeg', barcode: payload }]),
    );
    const expected = {
      images: [
        {
          data: Buffer.from(JPEG).toString('base64'),
          image_subject: 'document_back',
          format: 'image/jpeg',
          supplementary_data: {
            extracted_barcode: { barcode_type: 'pdf417', extracted_data: payload.toString('base64') },
          },
        },
      ],
    };
    // Byte for byte what serialising the whole body in memory would have sent.
    expect(text).toBe(JSON.stringify(expected));
  });

  it('encodes a view into a larger buffer by its own bytes only', async () => {
    const backing = new Uint8Array([9, 9, 0xff, 0xd8, 0xff, 7, 9, 9]);
    const view = backing.subarray(2, 6);
    const body = JSON.parse(
      await sent(imagesUploadBody([{ data: view, subject: 'document_front', format: 'image/jpeg' }])),
    ) as { images: Array<{ data: string }> };
    expect(Buffer.from(body.images[0]?.data ?? '', 'base64')).toEqual(Buffer.from([0xff, 0xd8, 0xff, 7]));
  });

  it('refuses a body that base64 would push over 20 MB, before sending', () => {
    const data = new Uint8Array(Math.ceil((MAX_UPLOAD_BODY_BYTES * 3) / 4) + 10);
    data.set([0xff, 0xd8, 0xff]);
    expect(() => imagesUploadBody([{ data, subject: 'document_front', format: 'image/jpeg' }])).toThrow(
      BerbixPayloadTooLargeError,
    );
  });

  it('refuses more than three images a call', () => {
    const one = { data: JPEG, subject: 'selfie_front' as const, format: 'image/jpeg' as const };
    expect(() => imagesUploadBody([one, one, one, one])).toThrow(/at most 3/);
  });
});

describe('idScanUploadBody', () => {
  it('sends the raw payload as base64 pdf417', () => {
    expect(idScanUploadBody('ANSI 6360')).toEqual({
      id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from('ANSI 6360').toString('base64') }],
    });
  });
});

describe('uploadResponseFrom', () => {
  it('reads an answer, keeping unknown issue codes', () => {
    expect(
      uploadResponseFrom(
        {
          issues: ['text_unreadable', 'brand_new_issue'],
          issue_details: { x: { y: 1 } },
          next_step: 'upload_document_front',
        },
        'req_1',
        200,
      ),
    ).toEqual({
      issues: ['text_unreadable', 'brand_new_issue'],
      issueDetails: { x: { y: 1 } },
      nextStep: 'upload_document_front',
    });
    // Absent or null lists read as empty: the SDKs disagree on whether they are sent.
    for (const body of [{ next_step: 'done' }, { next_step: 'done', issues: null, issue_details: null }]) {
      expect(uploadResponseFrom(body, undefined, 200)).toEqual({ issues: [], issueDetails: {}, nextStep: 'done' });
    }
  });

  it('refuses answers the caller could not act on', () => {
    for (const body of [
      null,
      [],
      'done',
      { issues: [] },
      { next_step: 'teleport' },
      { next_step: 'done', issues: 'text_unreadable' },
      { next_step: 'done', issues: [1] },
      { next_step: 'done', issue_details: [] },
    ]) {
      const error = (() => {
        try {
          uploadResponseFrom(body, 'req_2', 200);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(BerbixAPIError);
      expect((error as BerbixAPIError).requestId).toBe('req_2');
    }
  });
});
