/**
 * Request and reply with a module worker, written once for the element's three workers
 * (compression, quality, PDF417). Each call gets an id and its reply settles it; the worker says
 * `ready` when its module has run, so a worker that never starts (its script 404s, does not parse,
 * or a Content Security Policy refuses it) is told apart from one that fails on a request.
 * Hand-written rather than comlink: comlink's proxies cost about 1.9 KiB gzipped in the page and
 * again in every worker, and these workers only ever answer requests.
 */

/** The worker could not start: the element reports it as `worker_unavailable`, never as a bad photo. */
export class WorkerUnavailableError extends Error {
  override readonly name = 'WorkerUnavailableError';
  constructor(readonly worker: string) {
    super(`the ${worker} worker could not start`);
  }
}

/** What the worker answers to one request: its value, or an error without payload content. */
type Answer<Reply> = { id: number; ok: true; value: Reply } | { id: number; ok: false; message: string };

/** The `id` of the message a worker sends once its module has run. */
const READY = 0;

interface Waiting<Reply> {
  resolve: (value: Reply) => void;
  reject: (error: Error) => void;
}

/** The page's side: starts the worker on first use, sends requests, settles each with its reply. */
export class WorkerLink<Request, Reply> {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  /** Rejects the start under way (a stop before the worker said `ready`). */
  private abandonStart: ((reason: Error) => void) | null = null;
  private nextId = READY + 1;
  private readonly waiting = new Map<number, Waiting<Reply>>();

  /** `create` must be `() => new Worker(new URL('./x.worker.js', import.meta.url), ...)`, as bundlers look for it. */
  constructor(
    readonly name: string,
    private readonly create: () => Worker,
  ) {}

  /** A worker has been started and not stopped. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker if it is not running; settles when it is ready, or rejects with `WorkerUnavailableError`. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const ready = new Promise<void>((resolve, reject) => {
      this.abandonStart = reject;
      let started = false;
      let worker: Worker;
      try {
        worker = this.create();
      } catch {
        // A worker URL on another origin, or a page that forbids workers: the constructor throws.
        return reject(new WorkerUnavailableError(this.name));
      }
      worker.onmessage = ({ data }: MessageEvent<Answer<Reply>>) => {
        if (data.id === READY) {
          started = true;
          this.abandonStart = null;
          return resolve();
        }
        const call = this.waiting.get(data.id);
        if (!call) return;
        this.waiting.delete(data.id);
        if (data.ok) call.resolve(data.value);
        else call.reject(new Error(data.message));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const error = started ? new Error(`the ${this.name} worker failed`) : new WorkerUnavailableError(this.name);
        if (!started) reject(error);
        // The next call starts a fresh worker: a failed load (a flaky network) may work then.
        this.stop(error);
      };
      this.worker = worker;
    });
    this.ready = ready;
    // A worker that could not start is tried again on the next call (a flaky network may let it).
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    return ready;
  }

  /** Sends one request (transferring `transfer`) and settles with the worker's reply. */
  async call(request: Request, transfer: Transferable[] = []): Promise<Reply> {
    await this.start();
    const worker = this.worker as Worker;
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, request }, transfer);
    });
  }

  /** Ends the worker; calls in flight reject with `reason`. */
  stop(reason: Error = new Error(`the ${this.name} worker stopped`)): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.abandonStart?.(reason);
    this.abandonStart = null;
    for (const call of this.waiting.values()) call.reject(reason);
    this.waiting.clear();
  }
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: unknown }>) => void) | null;
  postMessage(message: Answer<unknown>, transfer?: Transferable[]): void;
}

/**
 * The worker's side: answers each request with `handle`'s value (transferring what `transfer`
 * names), or with its error's message, which must never carry pixels or payload. Call it once, at
 * the end of the worker module: it says `ready`.
 */
export function serve<Request, Reply>(
  handle: (request: Request) => Reply | Promise<Reply>,
  transfer: (reply: Reply) => Transferable[] = () => [],
): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = async ({ data: { id, request } }) => {
    try {
      const value = await handle(request as Request);
      scope.postMessage({ id, ok: true, value }, transfer(value));
    } catch (error) {
      scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : 'the worker failed' });
    }
  };
  scope.postMessage({ id: READY, ok: true, value: null });
}
