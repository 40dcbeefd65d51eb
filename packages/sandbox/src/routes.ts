import { dashboardTransaction, deleteFaults, getCounters, issuedTokens, putFaults, resetCounters } from './admin.js';
import { behindApiSecret } from './auth.js';
import type { RouteHandler } from './context.js';
import {
  createTransaction,
  deleteTransaction,
  getTransaction,
  overrideTransaction,
  refreshTokens,
  updateTransaction,
} from './transactions.js';
import { uploadIdScans, uploadImages } from './uploads.js';

export type { Reply, RouteContext, RouteHandler } from './context.js';

/** Berbix's v0 routes, keyed by `METHOD path`. These are the ones faults can hit. */
export const v0Routes: Record<string, RouteHandler> = {
  'POST /v0/transactions': createTransaction,
  'POST /v0/tokens': refreshTokens,
  'GET /v0/transactions': getTransaction,
  'PATCH /v0/transactions': updateTransaction,
  'DELETE /v0/transactions': deleteTransaction,
  'PATCH /v0/transactions/override': overrideTransaction,
  'POST /v0/images/upload': uploadImages,
  'POST /v0/idscans/upload': uploadIdScans,
};

/** The test-only admin API (see admin.ts), every route of it behind the API secret. */
export const adminRoutes: Record<string, RouteHandler> = behindApiSecret({
  'GET /_sandbox/issued-tokens': issuedTokens,
  'GET /_sandbox/counters': getCounters,
  'POST /_sandbox/counters/reset': resetCounters,
  'PUT /_sandbox/faults': putFaults,
  'DELETE /_sandbox/faults': deleteFaults,
  'GET /_sandbox/dashboard/transaction': dashboardTransaction,
});

/** Every route. Anything else is a 404 (or 405 for a known path). */
export const routes: Record<string, RouteHandler> = { ...v0Routes, ...adminRoutes };
