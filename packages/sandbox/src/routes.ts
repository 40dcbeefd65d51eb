import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCountryCode, isIdType, type Step } from '@berbix-capture/protocol';
import { requireBasicSecret } from './auth.js';
import { badRequest } from './errors.js';
import { readJsonObject, sendJson } from './http.js';
import type { SandboxState } from './state.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: SandboxState;
  secret: string;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void>;

/** Routes keyed by `METHOD path`. Anything else is a 404 (or 405 for a known path). */
export const routes: Record<string, RouteHandler> = {
  'POST /v0/transactions': createTransaction,
  'GET /_sandbox/issued-tokens': issuedTokens,
};

const optionalString = (body: Record<string, unknown>, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(field, 'must be a string');
  return value;
};

const requiredString = (body: Record<string, unknown>, field: string): string => {
  const value = optionalString(body, field);
  if (!value) throw badRequest(field, 'is required');
  return value;
};

const optionalObject = (body: Record<string, unknown>, field: string): Record<string, unknown> | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(field, 'must be an object');
  return value as Record<string, unknown>;
};

async function createTransaction({ req, res, state, secret }: RouteContext): Promise<void> {
  requireBasicSecret(req, secret);
  const body = await readJsonObject(req);
  const customerUid = requiredString(body, 'customer_uid');
  const templateKey = requiredString(body, 'template_key');
  const email = optionalString(body, 'email');
  const phone = optionalString(body, 'phone');
  const hosted = optionalObject(body, 'hosted_options');
  const apiOnly = optionalObject(body, 'api_only_options');
  if (hosted && apiOnly) {
    throw badRequest('api_only_options', 'only one of hosted_options and api_only_options may be sent');
  }
  const idType = apiOnly ? optionalString(apiOnly, 'id_type') : undefined;
  if (idType !== undefined && !isIdType(idType)) {
    throw badRequest('api_only_options.id_type', 'must be one of P, DL, PRC, PC, ID');
  }
  const idCountry = apiOnly ? optionalString(apiOnly, 'id_country') : undefined;
  if (idCountry !== undefined && !isCountryCode(idCountry)) {
    throw badRequest('api_only_options.id_country', 'must be an ISO 3166-1 alpha-2 code');
  }
  const firstStep: Step = 'upload_document_front';
  const transaction = state.createTransaction({
    customerUid,
    templateKey,
    ...(email !== undefined && { email }),
    ...(phone !== undefined && { phone }),
    kind: apiOnly ? 'api_only' : hosted ? 'hosted' : 'plain',
    ...(idType !== undefined && { idType }),
    ...(idCountry !== undefined && { idCountry }),
    step: firstStep,
  });
  const tokens = state.issueTokens(transaction.id);
  sendJson(res, 200, {
    ...tokens,
    ...(apiOnly && { first_step: firstStep }),
    ...(hosted && { hosted_url: `https://sandbox.invalid/verify/${transaction.id}` }),
  });
}

/**
 * Test aid, not part of Berbix's API: every token the sandbox handed out, so a test can scan what a
 * browser saw for leaks. Guarded by the API secret like transaction creation.
 */
async function issuedTokens({ req, res, state, secret }: RouteContext): Promise<void> {
  requireBasicSecret(req, secret);
  sendJson(res, 200, { tokens: state.issuedTokenStrings() });
}
