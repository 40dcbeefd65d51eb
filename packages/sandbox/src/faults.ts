import { FAULT_KINDS, type FaultConfig, type FaultKind, readFaultConfig } from './fault-config.js';
import { seededRandom } from './random.js';

export { FAULT_KINDS, type FaultConfig, type FaultKind };

export interface Fault {
  kind: FaultKind;
  retryAfterSeconds: number;
  stallMs: number;
}

const DEFAULT_KINDS: FaultKind[] = ['500', '503', '429'];

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
    const config = readFaultConfig(input, this.faultableRoutes);
    const rate = config.rate ?? 0;
    const kinds = config.kinds ?? DEFAULT_KINDS;
    const routes = config.routes ?? [...this.faultableRoutes];
    const retryAfterSeconds = config.retryAfterSeconds ?? 1;
    const stallMs = config.stallMs ?? 5000;
    const seed = config.seed;
    const script = (config.script ?? []).map((entry) => (entry.route === undefined ? { kind: entry.kind } : entry));
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
}
