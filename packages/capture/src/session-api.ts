import {
  type CreateSessionRequest,
  type CreateSessionResponse,
  type ErrorBody,
  PROTOCOL_PATHS,
} from '@berbix-capture/protocol';

/** A failed call to the adapter, with its error code when the adapter sent one. */
export class SessionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SessionApiError';
  }
}

function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

async function failure(response: Response): Promise<SessionApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  return new SessionApiError(
    response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `the server answered ${response.status}`,
  );
}

/** Starts a capture session (or returns the live one the cookie names). */
export async function createSession(
  endpoint: string,
  request: CreateSessionRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<CreateSessionResponse> {
  let response: Response;
  try {
    response = await fetchImpl(joinUrl(endpoint, PROTOCOL_PATHS.session), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch {
    throw new SessionApiError(0, 'network_error', 'the network request failed');
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()) as CreateSessionResponse;
}
