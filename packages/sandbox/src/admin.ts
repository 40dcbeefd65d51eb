import { requireBasicSecret } from './auth.js';
import type { Reply, RouteContext } from './context.js';
import { badRequest, notFound } from './errors.js';
import { readBody } from './http.js';
import { metadata } from './transactions.js';

/**
 * The test-only admin API under `/_sandbox/`: not part of Berbix's API, guarded by the API secret
 * like transaction creation, never faulted.
 */

/** `GET /_sandbox/issued-tokens`: every token handed out, so a test can scan what a browser saw. */
export async function issuedTokens({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  return { status: 200, body: { tokens: sandbox.state.issuedTokenStrings() } };
}

/** `GET /_sandbox/counters`. */
export async function getCounters({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  return { status: 200, body: sandbox.counters.snapshot() };
}

/** `POST /_sandbox/counters/reset` -> 204. */
export async function resetCounters({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  sandbox.counters.reset();
  return { status: 204 };
}

/** `PUT /_sandbox/faults` with a fault configuration (see faults.ts) -> 204. */
export async function putFaults({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
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
export async function deleteFaults({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  sandbox.faults.clear();
  return { status: 204 };
}

/**
 * `GET /_sandbox/dashboard/transaction?id=N`: where `dashboard_url` points. Berbix's dashboard is a
 * web app; the sandbox's is the transaction's metadata as JSON, behind the API secret.
 */
export async function dashboardTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  const id = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.get('id') ?? '';
  if (!/^\d{1,20}$/.test(id)) throw badRequest('id', 'must be a transaction id');
  const tx = sandbox.state.transactions.get(BigInt(id));
  if (!tx || tx.deleted) throw notFound('no such transaction');
  // Test aid beside the metadata: digests of the device-decoded barcodes received, never the bytes.
  const sandboxOnly = { supplementary_barcode_sha256: tx.supplementaryBarcodeDigests ?? [] };
  return { status: 200, body: { ...metadata(tx, sandbox), sandbox: sandboxOnly } };
}
