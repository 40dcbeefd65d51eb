import { BARCODE_HEADER, ERROR_CODES } from '@berbix-capture/protocol';
import type { NextFunction, Request, Response } from 'express';
import { AdapterError } from './errors.js';
import type { ResolvedOptions } from './options.js';

/** Preflight answers may be cached this long by the browser (seconds). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

function sameOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/**
 * Origin checks and CORS. Same origin is always allowed; `allowedOrigins` adds others. A
 * state-changing call from any other browser origin is refused (403) before anything else runs,
 * which is the CSRF defence next to the SameSite=Strict cookie. Allowed cross-origin callers get
 * credentialed CORS answers (and preflights) so the element can live on another origin of the same
 * site; everyone else gets no CORS headers, so their pages cannot read the answers either.
 */
export function originGuard(config: ResolvedOptions) {
  const extra = new Set(config.allowedOrigins ?? []);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && (origin === sameOrigin(req) || extra.has(origin));
    if (origin !== undefined && allowed && origin !== sameOrigin(req)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
    }
    res.vary('origin');
    if (req.method === 'OPTIONS') {
      if (!allowed) return next(forbidden());
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
      res.setHeader('access-control-allow-headers', `content-type, ${BARCODE_HEADER}`);
      res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
      res.status(204).end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    // Requests without Origin come from non-browser clients, which CSRF cannot drive.
    if (origin === undefined || allowed) return next();
    next(forbidden());
  };
}

function forbidden(): AdapterError {
  return new AdapterError(403, ERROR_CODES.forbiddenOrigin, 'this origin may not use the capture endpoint');
}
