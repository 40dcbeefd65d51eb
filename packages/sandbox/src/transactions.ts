import { isCountryCode, isIdType } from '@berbix-capture/protocol';
import { requireBasicSecret, requireTransaction } from './auth.js';
import type { Reply, RouteContext, SandboxServices } from './context.js';
import { badRequest, gone, unauthorized } from './errors.js';
import { dashboardUrl } from './flow.js';
import { readJsonObject } from './http.js';
import { FIELD_NAMES, type FieldName, overrideResult, RESPONSE_PAYLOADS } from './results.js';
import { looksLikeScenario, parseScenario } from './scenarios.js';
import type { TransactionRecord } from './state.js';
import { FIRST_STEP } from './steps.js';
import {
  type JsonObject,
  optionalBoolean,
  optionalObject,
  optionalString,
  rejectUnknownKeys,
  requiredString,
} from './validate.js';

/** Longest customer uid, template key, email, phone or note the sandbox stores. */
const MAX_TEXT = 512;

function boundedString(body: JsonObject, field: string, required: boolean, path = field): string | undefined {
  const value = required ? requiredString(body, field, path) : optionalString(body, field, path);
  if (value !== undefined && value.length > MAX_TEXT) throw badRequest(path, `at most ${MAX_TEXT} characters`);
  return value;
}

/** `POST /v0/transactions`: plain, hosted or API-only, told apart by the options sent. */
export async function createTransaction({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  const body = await readJsonObject(req);
  rejectUnknownKeys(body, [
    'customer_uid',
    'template_key',
    'email',
    'phone',
    'consents_to_automated_facial_recognition',
    'hosted_options',
    'api_only_options',
  ]);
  const customerUid = boundedString(body, 'customer_uid', true) as string;
  const templateKey = boundedString(body, 'template_key', true) as string;
  const email = boundedString(body, 'email', false);
  const phone = boundedString(body, 'phone', false);
  optionalBoolean(body, 'consents_to_automated_facial_recognition');
  const hosted = optionalObject(body, 'hosted_options');
  const apiOnly = optionalObject(body, 'api_only_options');
  if (hosted && apiOnly) {
    throw badRequest('api_only_options', 'only one of hosted_options and api_only_options may be sent');
  }
  if (hosted) {
    rejectUnknownKeys(hosted, ['completion_email', 'redirect_url'], 'hosted_options');
    boundedString(hosted, 'completion_email', false, 'hosted_options.completion_email');
    const redirect = boundedString(hosted, 'redirect_url', false, 'hosted_options.redirect_url');
    if (redirect !== undefined && !URL.canParse(redirect))
      throw badRequest('hosted_options.redirect_url', 'must be a URL');
  }
  if (apiOnly) rejectUnknownKeys(apiOnly, ['id_country', 'id_type'], 'api_only_options');
  const idType = apiOnly ? optionalString(apiOnly, 'id_type', 'api_only_options.id_type') : undefined;
  if (idType !== undefined && !isIdType(idType)) {
    throw badRequest('api_only_options.id_type', 'must be one of P, DL, PRC, PC, ID');
  }
  const idCountry = apiOnly ? optionalString(apiOnly, 'id_country', 'api_only_options.id_country') : undefined;
  if (idCountry !== undefined && !isCountryCode(idCountry)) {
    throw badRequest('api_only_options.id_country', 'must be an ISO 3166-1 alpha-2 code');
  }
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
  return {
    status: 200,
    body: {
      ...tokens,
      ...(apiOnly && { first_step: FIRST_STEP }),
      ...(hosted && { hosted_url: `${sandbox.dashboardBase}/transaction?id=${transaction.id}` }),
    },
  };
}

/** `POST /v0/tokens`: new access and client tokens for a refresh token. */
export async function refreshTokens({ req, sandbox }: RouteContext): Promise<Reply> {
  requireBasicSecret(req, sandbox.secret);
  const body = await readJsonObject(req);
  rejectUnknownKeys(body, ['grant_type', 'refresh_token']);
  const grantType = requiredString(body, 'grant_type');
  if (grantType !== 'refresh_token') throw badRequest('grant_type', 'must be "refresh_token"');
  const refreshToken = requiredString(body, 'refresh_token');
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
  const body = await readJsonObject(req);
  rejectUnknownKeys(body, ['action', 'note']);
  const action = boundedString(body, 'action', false);
  const note = boundedString(body, 'note', false);
  if (action === undefined && note === undefined) throw badRequest('action', 'send action, note or both');
  if (action !== undefined && !/^[a-z][a-z0-9_-]{0,63}$/.test(action)) {
    throw badRequest('action', 'must be an action name such as accept, reject or review');
  }
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
  const body = await readJsonObject(req);
  rejectUnknownKeys(body, ['response_payload', 'flags', 'override_fields']);
  const payload = optionalString(body, 'response_payload');
  if (payload !== undefined && !Object.hasOwn(RESPONSE_PAYLOADS, payload)) {
    throw badRequest('response_payload', `must be one of ${Object.keys(RESPONSE_PAYLOADS).join(', ')}`);
  }
  const flags = body.flags === undefined || body.flags === null ? undefined : flagList(body.flags);
  const fields = optionalObject(body, 'override_fields');
  const overrideFields: Partial<Record<FieldName, string>> = {};
  for (const [name, value] of Object.entries(fields ?? {})) {
    if (!(FIELD_NAMES as readonly string[]).includes(name))
      throw badRequest(`override_fields.${name}`, 'is not a known field');
    if (typeof value !== 'string' || value.length > MAX_TEXT) {
      throw badRequest(`override_fields.${name}`, `must be a string of at most ${MAX_TEXT} characters`);
    }
    overrideFields[name as FieldName] = value;
  }
  const now = new Date(sandbox.state.now());
  tx.result = overrideResult(tx.result, {
    ...(payload !== undefined && { responsePayload: payload as keyof typeof RESPONSE_PAYLOADS }),
    ...(flags !== undefined && { flags }),
    overrideFields,
    now,
  });
  tx.completedAt ??= now;
  return { status: 204 };
}

function flagList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 64) throw badRequest('flags', 'must be an array of at most 64 flags');
  return value.map((flag, i) => {
    if (typeof flag !== 'string' || !/^[a-z][a-z0-9_]{0,63}$/.test(flag))
      throw badRequest(`flags[${i}]`, 'must be a flag name');
    return flag;
  });
}

const NO_IMAGE = { full_image: null, cropped_image: null, face_image: null };

/** The `transaction_metadata` object of `GET /v0/transactions`. */
export function metadata(tx: TransactionRecord, sandbox: SandboxServices): Record<string, unknown> {
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
