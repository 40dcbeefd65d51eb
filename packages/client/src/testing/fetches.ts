import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `fetch` for the client under test, and how many attempts went through it. */
export interface CountingFetch {
  fetch: typeof fetch;
  attempts: () => number;
}

/** The global fetch, counting its attempts; `route` may send an attempt (numbered from 1) elsewhere. */
export function countingFetch(
  route: (input: Parameters<typeof fetch>[0], attempt: number) => Parameters<typeof fetch>[0] = (input) => input,
): CountingFetch {
  let attempts = 0;
  return {
    fetch: (input, init) => fetch(route(input, ++attempts), init),
    attempts: () => attempts,
  };
}

/** A loopback port where nothing listens (and that fetch does not refuse as a "bad port"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A counting fetch whose first attempt goes from `baseUrl` to a loopback port where nothing
 * listens, as if the server were restarting: the connection is refused before anything is sent.
 */
export async function refusingFirstFetch(baseUrl: string): Promise<CountingFetch> {
  const port = await closedPort();
  return countingFetch((input, attempt) =>
    attempt === 1 ? String(input).replace(baseUrl, `http://127.0.0.1:${port}`) : input,
  );
}
