import type { Reply, RouteContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import { readBody } from './http.js';
import { metadata } from './transactions.js';

/**
 * The test-only admin API under `/_sandbox/`: not part of Berbix's API, guarded by the API secret
 * like transaction creation (routes.ts puts every one of them behind it), never faulted.
 */

/** `GET /_sandbox/issued-tokens`: every token handed out, so a test can scan what a browser saw. */
export async function issuedTokens({ sandbox }: RouteContext): Promise<Reply> {
  return { status: 200, body: { tokens: sandbox.state.issuedTokenStrings() } };
}

/** `GET /_sandbox/counters`. */
export async function getCounters({ sandbox }: RouteContext): Promise<Reply> {
  return { status: 200, body: sandbox.counters.snapshot() };
}

/** `POST /_sandbox/counters/reset` -> 204. */
export async function resetCounters({ sandbox }: RouteContext): Promise<Reply> {
  sandbox.counters.reset();
  return { status: 204 };
}

/** `PUT /_sandbox/faults` with a fault configuration (see faults.ts) -> 204. */
export async function putFaults({ req, sandbox }: RouteContext): Promise<Reply> {
  const raw = await readBody(req, 1024 * 1024);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('body', 'not valid JSON');
  }
  sandbox.faults.configure(parsed);
  return { status: 204 };
}

/** `DELETE /_sandbox/faults` -> 204: no more faults. */
export async function deleteFaults({ sandbox }: RouteContext): Promise<Reply> {
  sandbox.faults.clear();
  return { status: 204 };
}

/**
 * `GET /_sandbox/dashboard/transaction?id=N`: where `dashboard_url` points. Berbix's dashboard is a
 * web app; the sandbox's is the transaction's metadata as JSON, behind the API secret.
 */
export async function dashboardTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  const id = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.get('id') ?? '';
  if (!/^\d{1,20}$/.test(id)) throw badRequest('id', 'must be a transaction id');
  const tx = sandbox.state.transactions.get(BigInt(id));
  if (!tx || tx.deleted) throw notFound('no such transaction');
  // Test aid beside the metadata: digests of the device-decoded barcodes received, never the bytes.
  const sandboxOnly = { supplementary_barcode_sha256: tx.supplementaryBarcodeDigests ?? [] };
  return { status: 200, body: { ...metadata(tx, sandbox), sandbox: sandboxOnly } };
}
