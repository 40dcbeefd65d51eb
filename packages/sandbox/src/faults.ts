import { badRequest } from './errors.js';
import { seededRandom } from './random.js';
import { asObject, type JsonObject, rejectUnknownKeys } from './validate.js';

/**
 * What an injected fault does to one `/v0` request:
 * - `500`, `503`: answer that status with the error envelope; nothing is applied.
 * - `429`: answer 429 with `Retry-After`; nothing is applied.
 * - `stall`: wait `stallMs`, then process and answer normally (a slow answer).
 * - `drop`: destroy the socket before processing; nothing is applied.
 * - `drop-after`: process and apply the request, then destroy the socket without answering.
 */
export const FAULT_KINDS = ['500', '503', '429', 'stall', 'drop', 'drop-after'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  /** Fraction 0..1 of matching requests that get a random fault (only while the script is empty). */
  rate?: number;
  /** Kinds the random faults are drawn from; default `500`, `503`, `429`. */
  kinds?: FaultKind[];
  /** `"<METHOD> <path>"` routes the random faults apply to; default every `/v0` route. */
  routes?: string[];
  /** `Retry-After` of a 429, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** How long a `stall` waits, in ms; default 5000. */
  stallMs?: number;
  /** Seed of the random draws, so a failing run can be replayed. */
  seed?: number;
  /** A deterministic queue: each matching request consumes the head entry and gets its fault. */
  script?: Array<{ route?: string; kind: FaultKind }>;
}

export interface Fault {
  kind: FaultKind;
  retryAfterSeconds: number;
  stallMs: number;
}

const DEFAULT_KINDS: FaultKind[] = ['500', '503', '429'];
const MAX_SCRIPT = 10_000;
const MAX_STALL_MS = 10 * 60 * 1000;

/**
 * Decides, request by request, whether a `/v0` call gets a fault. Configured in process
 * (`sandbox.faults.configure(...)`), over HTTP (`PUT /_sandbox/faults`) or by CLI flags; all three
 * go through the same validation.
 */
export class FaultInjector {
  private config: Required<Omit<FaultConfig, 'script' | 'seed'>> & {
    script: Array<{ route?: string; kind: FaultKind }>;
  };
  private random: () => number = Math.random;

  constructor(private readonly faultableRoutes: readonly string[]) {
    this.config = this.defaults();
  }

  /** Replaces the whole configuration; throws a 400 `SandboxError` naming the bad field. */
  configure(input: FaultConfig | unknown): void {
    const body = asObject(input, 'body');
    rejectUnknownKeys(body, ['rate', 'kinds', 'routes', 'retryAfterSeconds', 'stallMs', 'seed', 'script']);
    const rate = numberIn(body, 'rate', 0, 1) ?? 0;
    const kinds = body.kinds === undefined ? DEFAULT_KINDS : kindList(body.kinds, 'kinds');
    if (kinds.length === 0) throw badRequest('kinds', 'must name at least one kind');
    const routes = body.routes === undefined ? [...this.faultableRoutes] : this.routeList(body.routes);
    const retryAfterSeconds = integerIn(body, 'retryAfterSeconds', 0, 3600) ?? 1;
    const stallMs = integerIn(body, 'stallMs', 0, MAX_STALL_MS) ?? 5000;
    const seed = integerIn(body, 'seed', -(2 ** 31), 2 ** 32);
    const script = body.script === undefined ? [] : this.scriptList(body.script);
    this.config = { rate, kinds, routes, retryAfterSeconds, stallMs, script };
    this.random = seed === undefined ? Math.random : seededRandom(seed);
  }

  /** No faults from now on. */
  clear(): void {
    this.config = this.defaults();
    this.random = Math.random;
  }

  /** The fault for this request, if any; consumes a script entry when one matches. */
  next(route: string): Fault | undefined {
    const { script } = this.config;
    const head = script[0];
    if (head) {
      if (head.route !== undefined && head.route !== route) return undefined;
      script.shift();
      return this.fault(head.kind);
    }
    if (this.config.rate <= 0 || !this.config.routes.includes(route)) return undefined;
    if (this.random() >= this.config.rate) return undefined;
    const kinds = this.config.kinds;
    return this.fault(kinds[Math.floor(this.random() * kinds.length)] ?? '500');
  }

  /** Script entries not consumed yet. */
  get pendingScript(): number {
    return this.config.script.length;
  }

  private fault(kind: FaultKind): Fault {
    return { kind, retryAfterSeconds: this.config.retryAfterSeconds, stallMs: this.config.stallMs };
  }

  private defaults() {
    return {
      rate: 0,
      kinds: DEFAULT_KINDS,
      routes: [...this.faultableRoutes],
      retryAfterSeconds: 1,
      stallMs: 5000,
      script: [] as Array<{ route?: string; kind: FaultKind }>,
    };
  }

  private routeList(value: unknown): string[] {
    if (!Array.isArray(value)) throw badRequest('routes', 'must be an array of "<METHOD> <path>"');
    return value.map((route, i) => this.knownRoute(route, `routes[${i}]`));
  }

  private knownRoute(route: unknown, path: string): string {
    if (typeof route !== 'string' || !this.faultableRoutes.includes(route)) {
      throw badRequest(path, `must be one of: ${this.faultableRoutes.join(', ')}`);
    }
    return route;
  }

  private scriptList(value: unknown): Array<{ route?: string; kind: FaultKind }> {
    if (!Array.isArray(value)) throw badRequest('script', 'must be an array');
    if (value.length > MAX_SCRIPT) throw badRequest('script', `at most ${MAX_SCRIPT} entries`);
    return value.map((entry, i) => {
      const item = asObject(entry, `script[${i}]`);
      rejectUnknownKeys(item, ['route', 'kind'], `script[${i}]`);
      const kind = oneKind(item.kind, `script[${i}].kind`);
      return item.route === undefined ? { kind } : { route: this.knownRoute(item.route, `script[${i}].route`), kind };
    });
  }
}

function oneKind(value: unknown, path: string): FaultKind {
  if (typeof value !== 'string' || !(FAULT_KINDS as readonly string[]).includes(value)) {
    throw badRequest(path, `must be one of ${FAULT_KINDS.join(', ')}`);
  }
  return value as FaultKind;
}

function kindList(value: unknown, path: string): FaultKind[] {
  if (!Array.isArray(value)) throw badRequest(path, 'must be an array');
  return value.map((kind, i) => oneKind(kind, `${path}[${i}]`));
}

function numberIn(body: JsonObject, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw badRequest(field, `must be a number from ${min} to ${max}`);
  }
  return value;
}

function integerIn(body: JsonObject, field: string, min: number, max: number): number | undefined {
  const value = numberIn(body, field, min, max);
  if (value !== undefined && !Number.isInteger(value)) throw badRequest(field, 'must be a whole number');
  return value;
}
