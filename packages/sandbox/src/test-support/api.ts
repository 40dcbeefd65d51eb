import { expect } from 'vitest';
import type { RunningSandbox } from '../server.js';

/**
 * Small helpers for tests that talk to a running sandbox over real HTTP, the way a client would.
 */
export const basic = (secret: string) => `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;
export const bearer = (token: string) => `Bearer ${token}`;

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: Record<string, unknown> | undefined;
  text: string;
}

export async function call(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  options: { auth?: string; body?: unknown; rawBody?: string; contentType?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth !== undefined) headers.authorization = options.auth;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

export interface TestTokens {
  access: string;
  client: string;
  refresh: string;
  /** Exact, as a string (ids are above 2^53). */
  transactionId: string;
}

export async function createTransaction(
  sandbox: RunningSandbox,
  body: Record<string, unknown> = {
    customer_uid: 'cust-1',
    template_key: 'tpk_test',
    api_only_options: { id_type: 'DL' },
  },
): Promise<TestTokens & { answer: Answer }> {
  const answer = await call(sandbox, 'POST', '/v0/transactions', { auth: basic(sandbox.secret), body });
  if (answer.status !== 200 || !answer.body) throw new Error(`create failed: ${answer.status} ${answer.text}`);
  return {
    access: String(answer.body.access_token),
    client: String(answer.body.client_token),
    refresh: String(answer.body.refresh_token),
    transactionId: /"transaction_id":(\d+)/.exec(answer.text)?.[1] ?? '',
    answer,
  };
}

/** A DL transaction finished through the id-scan route with `payload` (an AAMVA text): next step done. */
export async function finishByIdScan(
  sandbox: RunningSandbox,
  payload: string,
  customerUid = 'cust',
): Promise<TestTokens> {
  const tokens = await createTransaction(sandbox, {
    customer_uid: customerUid,
    template_key: 't',
    api_only_options: { id_type: 'DL' },
  });
  const scan = await call(sandbox, 'POST', '/v0/idscans/upload', {
    auth: bearer(tokens.client),
    body: { id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from(payload).toString('base64') }] },
  });
  expect(scan.body?.next_step).toBe('done');
  return tokens;
}

export function imageBody(
  bytes: Buffer,
  subject: string,
  format = 'image/jpeg',
  barcode?: string | Buffer,
): Record<string, unknown> {
  return {
    images: [
      {
        data: bytes.toString('base64'),
        image_subject: subject,
        format,
        ...(barcode !== undefined && {
          supplementary_data: {
            extracted_barcode: { barcode_type: 'pdf417', extracted_data: Buffer.from(barcode).toString('base64') },
          },
        }),
      },
    ],
  };
}

export function upload(
  sandbox: RunningSandbox,
  clientToken: string,
  bytes: Buffer,
  subject: string,
  options: { format?: string; barcode?: string | Buffer } = {},
): Promise<Answer> {
  return call(sandbox, 'POST', '/v0/images/upload', {
    auth: bearer(clientToken),
    body: imageBody(bytes, subject, options.format ?? 'image/jpeg', options.barcode),
  });
}
