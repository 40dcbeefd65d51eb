import { randomUUID } from 'node:crypto';
import type { BerbixCaptureRouter, CaptureResult } from '@berbix-capture/adapter';
import { SCENARIO_NAMES } from '@berbix-capture/sandbox';
import express, { type Request, type Router } from 'express';

/**
 * The demo's own small API, standing in for what an integrator's app would have around the
 * adapter: who the transaction is for (here: a fresh demo customer, optionally forcing a sandbox
 * scenario) and what its pages show once the capture is done.
 */

const SCENARIO_COOKIE = 'demo_scenario';
const STEPS = ['front', 'back'] as const;

/** Every scenario the demo offers: each sandbox issue on the front or the back. */
export const DEMO_SCENARIOS = SCENARIO_NAMES.flatMap((name) => STEPS.map((step) => `${name}@${step}`));

function scenarioOf(req: Request): string | null {
  const match = /(?:^|;\s*)demo_scenario=([^;]+)/.exec(req.headers.cookie ?? '');
  const value = match?.[1] ? decodeURIComponent(match[1]) : null;
  return value && DEMO_SCENARIOS.includes(value) ? value : null;
}

/**
 * The adapter's `transaction(req)` callback for the demo. A real integration takes the customer
 * from its signed-in user; the sandbox reads a `scenario:` prefix to force an issue on purpose.
 */
export function demoTransaction(templateKey: string, useScenarios: boolean) {
  return (req: Request) => {
    const customer = `demo-${randomUUID()}`;
    const scenario = useScenarios ? scenarioOf(req) : null;
    return { customerUid: scenario ? `scenario:${scenario};${customer}` : customer, templateKey };
  };
}

/** What the result panel shows: the verification outcome as a person reads it. */
function summarise(result: CaptureResult) {
  const fields = result.transaction.fields ?? {};
  const value = (name: string) => fields[name]?.value ?? null;
  return {
    transactionId: result.transactionId,
    completedAt: new Date(result.completedAt).toISOString(),
    action: result.transaction.action ?? null,
    flags: result.transaction.flags ?? [],
    name: [value('given_name'), value('middle_name'), value('family_name')].filter(Boolean).join(' ') || null,
    dateOfBirth: value('date_of_birth'),
    idNumber: value('id_number'),
    idType: value('id_type'),
    issuer: value('id_issuer'),
    issueDate: value('id_issue_date'),
    expiryDate: value('id_expiry_date'),
    address:
      [value('address_street'), value('address_city'), value('address_subdivision'), value('address_postal_code')]
        .filter(Boolean)
        .join(', ') || null,
  };
}

export function demoApi(capture: BerbixCaptureRouter, state: { webhooks: number; sandbox: boolean }): Router {
  const router = express.Router();
  router.get('/config', (_req, res) => {
    res.json({ scenarios: state.sandbox ? DEMO_SCENARIOS : [], berbix: state.sandbox ? 'sandbox' : 'berbix' });
  });
  router.put('/scenario', express.json({ limit: '1kb' }), (req, res) => {
    const scenario = (req.body as { scenario?: unknown } | undefined)?.scenario ?? null;
    if (scenario !== null && !(typeof scenario === 'string' && DEMO_SCENARIOS.includes(scenario))) {
      res.status(400).json({ error: { code: 'invalid_request', message: 'unknown scenario' } });
      return;
    }
    if (scenario) res.cookie(SCENARIO_COOKIE, scenario, { httpOnly: true, sameSite: 'strict', path: '/' });
    else res.clearCookie(SCENARIO_COOKIE, { path: '/' });
    res.status(204).end();
  });
  // The integrator's page reads its own user's result from its server. Only the cookie's owner
  // can ask, and only once their capture is done.
  router.get('/result', async (req, res, next) => {
    try {
      const result = await capture.getResult(req);
      res.setHeader('cache-control', 'no-store');
      if (!result) {
        res.status(404).json({ error: { code: 'not_done', message: 'no finished capture for this session' } });
        return;
      }
      res.json({ ...summarise(result), webhooksReceived: state.webhooks });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
