import type { IncomingMessage } from 'node:http';
import type { Counters } from './counters.js';
import type { FaultInjector } from './faults.js';
import type { SandboxState } from './state.js';
import type { WebhookSender } from './webhooks.js';

/** What every route handler may use: the state and the sandbox's configured services. */
export interface SandboxServices {
  state: SandboxState;
  secret: string;
  counters: Counters;
  faults: FaultInjector;
  /** Present when a webhook URL is configured. */
  webhooks?: WebhookSender;
  /** Failed uploads of one step before the flow moves on with `issues: []`. */
  maxRetries: number;
  /** Base of `dashboard_url` / `dashboard_link`. */
  dashboardBase: string;
}

export interface RouteContext {
  req: IncomingMessage;
  sandbox: SandboxServices;
}

/** What a handler answers; the server writes it (or, for a `drop-after` fault, drops it). */
export interface Reply {
  status: number;
  /** JSON body; absent for an empty answer (204). */
  body?: unknown;
}

export type RouteHandler = (ctx: RouteContext) => Promise<Reply>;
