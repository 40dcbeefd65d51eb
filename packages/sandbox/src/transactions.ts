import {
  CreateTransactionRequestSchema,
  OverrideTransactionRequestSchema,
  RefreshTokensRequestSchema,
  type TokensAnswerBody,
  type TransactionMetadataBody,
  UpdateTransactionRequestSchema,
} from '@berbix-capture/protocol/berbix';
import { requireBasicSecret, requireTransaction } from './auth.js';
import type { Reply, RouteContext, SandboxServices } from './context.js';
import { badRequest, gone, unauthorized } from './errors.js';
import { dashboardUrl } from './flow.js';
import { overrideResult } from './results.js';
import { looksLikeScenario, parseScenario } from './scenarios.js';
import type { TransactionRecord } from './state.js';
import { FIRST_STEP } from './steps.js';
import { boundTexts, MAX_TEXT, readRequest } from './wire.js';

/** `POST /v0/transactions`: plain, hosted or API-only, told apart by the options sent. */
export async function createTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  const body = await readRequest(req, CreateTransactionRequestSchema);
  const { customer_uid: customerUid, template_key: templateKey, email, phone } = body;
  const hosted = body.hosted_options;
  const apiOnly = body.api_only_options;
  boundTexts({
    customer_uid: customerUid,
    template_key: templateKey,
    email,
    phone,
    'hosted_options.completion_email': hosted?.completion_email,
    'hosted_options.redirect_url': hosted?.redirect_url,
  });
  const idType = apiOnly?.id_type;
  const idCountry = apiOnly?.id_country;
  const scenario = parseScenario(customerUid) ?? parseScenario(templateKey);
  if (!scenario) {
    for (const [field, value] of [
      ['customer_uid', customerUid],
      ['template_key', templateKey],
    ] as const) {
      if (looksLikeScenario(value)) throw badRequest(field, 'names an unknown scenario (see the sandbox README)');
    }
  }
  const transaction = sandbox.state.createTransaction({
    customerUid,
    templateKey,
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone }),
    kind: apiOnly ? 'api_only' : hosted ? 'hosted' : 'plain',
    ...(idType !== undefined && { idType }),
    ...(idCountry !== undefined && { idCountry }),
    ...(scenario && { scenario }),
    step: FIRST_STEP,
  });
  const tokens = sandbox.state.issueTokens(transaction.id);
  const answer: TokensAnswerBody = {
    ...tokens,
    ...(apiOnly && { first_step: FIRST_STEP }),
    ...(hosted && { hosted_url: `${sandbox.dashboardBase}/transaction?id=${transaction.id}` }),
  };
  return { status: 200, body: answer };
}

/** `POST /v0/tokens`: new access and client tokens for a refresh token. */
export async function refreshTokens({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  const { refresh_token: refreshToken } = await readRequest(req, RefreshTokensRequestSchema);
  const lookup = sandbox.state.lookupToken(refreshToken, 'refresh');
  if (!lookup.ok) throw unauthorized('the refresh token is not valid');
  if (lookup.transaction.deleted) throw gone();
  sandbox.counters.refresh();
  return { status: 200, body: sandbox.state.issueTokens(lookup.transaction.id, refreshToken) };
}

/** `GET /v0/transactions`: the transaction's metadata, with results once done. */
export async function getTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'access');
  return { status: 200, body: metadata(tx, sandbox) };
}

/** `PATCH /v0/transactions` `{action, note}`: records a reviewer's decision. */
export async function updateTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'access');
  const { action, note } = await readRequest(req, UpdateTransactionRequestSchema);
  boundTexts({ action, note });
  if (action !== undefined) tx.reviewedAction = action;
  if (note !== undefined) tx.note = note;
  return { status: 200, body: metadata(tx, sandbox) };
}

/** `DELETE /v0/transactions`: forgets the transaction's data; its tokens then answer 410. */
export async function deleteTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'access');
  tx.deleted = true;
  delete tx.barcode;
  delete tx.result;
  delete tx.frontDigest;
  return { status: 204 };
}

/** `PATCH /v0/transactions/override` (test mode): replaces fields, flags and action. */
export async function overrideTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  const tx = requireTransaction(req, sandbox.state, 'access');
  const body = await readRequest(req, OverrideTransactionRequestSchema);
  const overrideFields = body.override_fields ?? {};
  for (const [name, value] of Object.entries(overrideFields)) {
    if (value !== undefined && value.length > MAX_TEXT) {
      throw badRequest(`override_fields.${name}`, `must be a string of at most ${MAX_TEXT} characters`);
    }
  }
  const now = new Date(sandbox.state.now());
  tx.result = overrideResult(tx.result, {
    ...(body.response_payload !== undefined && { responsePayload: body.response_payload }),
    ...(body.flags !== undefined && { flags: body.flags }),
    overrideFields,
    now,
  });
  tx.completedAt ??= now;
  return { status: 204 };
}

const NO_IMAGE = { full_image: null, cropped_image: null, face_image: null };

/** The `transaction_metadata` object of `GET /v0/transactions`. */
export function metadata(tx: TransactionRecord, sandbox: SandboxServices): TransactionMetadataBody {
  const result = tx.result;
  const action = tx.reviewedAction ?? result?.action;
  const duplicates = result?.flags.includes('id_duplicate_detected') ? duplicatesOf(tx, sandbox) : [];
  return {
    entity: 'transaction_metadata',
    id: tx.id,
    customer_uid: tx.customerUid,
    template_key: tx.templateKey,
    ...(action !== undefined && { action }),
    flags: result?.flags ?? [],
    fields: result?.fields ?? {},
    // The sandbox keeps no images (memory stays flat under load tests): no URLs to hand out.
    images: { front: NO_IMAGE, back: NO_IMAGE, selfie: NO_IMAGE, liveness: NO_IMAGE },
    duplicates,
    ...(tx.note !== undefined && { note: tx.note }),
    dashboard_url: dashboardUrl(sandbox, tx),
    created_at: tx.createdAt.toISOString(),
    ...(tx.completedAt && { completed_at: tx.completedAt.toISOString() }),
  };
}

function duplicatesOf(tx: TransactionRecord, sandbox: SandboxServices) {
  const number = tx.result?.fields.id_number?.value;
  if (!number) return [];
  return [...sandbox.state.transactions.values()]
    .filter(
      (o) => o !== tx && !o.deleted && o.customerUid !== tx.customerUid && o.result?.fields.id_number?.value === number,
    )
    .map((o) => ({ customer_uid: o.customerUid, transaction_id: o.id }));
}
