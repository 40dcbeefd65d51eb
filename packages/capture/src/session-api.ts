import {
  type ContractSchema,
  type ContractValue,
  type CreateSessionRequest,
  type CreateSessionResponse,
  CreateSessionResponseSchema,
  type DocumentSubject,
  ErrorBodySchema,
  isStep,
  PROTOCOL_PATHS,
  readAnswer,
  type SessionStatusResponse,
  SessionStatusResponseSchema,
  type Step,
  type UploadResponse,
  UploadResponseSchema,
} from '@berbix-capture/protocol';

/** A failed call to the adapter, with its error code when the adapter sent one. */
export class SessionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a 409: the step the session is really at. */
    readonly step: Step | null = null,
  ) {
    super(message);
    this.name = 'SessionApiError';
  }

  /** No answer, or an answer that says "later": worth another try with the same bytes. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 503 || this.status === 429;
  }
}

export function joinUrl(endpoint: string, path: string): string {
  return endpoint.replace(/\/+$/, '') + path;
}

/** Builds the error from an adapter answer; the adapter's message never carries personal data. */
function errorFrom(status: number, body: unknown): SessionApiError {
  const error = readAnswer(ErrorBodySchema, body)?.error;
  if (!error) return new SessionApiError(status, 'http_error', `the server answered ${status}`);
  return new SessionApiError(status, error.code, error.message.slice(0, 200), isStep(error.step) ? error.step : null);
}

/** An answer read against its schema; anything else is the server's fault, said plainly. */
export function answerOf<TSchema extends ContractSchema>(
  schema: TSchema,
  status: number,
  body: unknown,
  what: string,
): ContractValue<TSchema> {
  const value = readAnswer(schema, body);
  if (value === undefined) throw new SessionApiError(status, 'bad_response', `the ${what} was malformed`);
  return value;
}

/** One JSON call to the adapter; a failure becomes a {@link SessionApiError}. */
export async function call<T = unknown>(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new SessionApiError(0, 'network_error', 'the network request failed');
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw errorFrom(response.status, body);
  if (response.status !== 204 && (body === null || typeof body !== 'object')) {
    throw new SessionApiError(response.status, 'bad_response', 'the server answer was not JSON');
  }
  return body as T;
}

/** Starts a capture session (or returns the live one the cookie names). */
export async function createSession(
  endpoint: string,
  request: CreateSessionRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<CreateSessionResponse> {
  const body = await call(fetchImpl, joinUrl(endpoint, PROTOCOL_PATHS.session), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return answerOf(CreateSessionResponseSchema, 201, body, 'session answer');
}

/** Where the cookie's session stands; a 401 `no_session` when there is none. */
export async function getSession(endpoint: string, fetchImpl: typeof fetch = fetch): Promise<SessionStatusResponse> {
  const body = await call(fetchImpl, joinUrl(endpoint, PROTOCOL_PATHS.session), { method: 'GET' });
  return answerOf(SessionStatusResponseSchema, 200, body, 'session status');
}

/** Ends the session on the server and clears its cookie. */
export async function deleteSession(endpoint: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await call(fetchImpl, joinUrl(endpoint, PROTOCOL_PATHS.session), { method: 'DELETE' });
}

/** One image upload, as the element sends it. */
export interface ImageUpload {
  subject: DocumentSubject;
  image: Blob;
  /** The decoded PDF417 payload, base64, for `document_back`. */
  barcode?: string;
}

/** Checks the shape of an upload answer; anything else is the server's fault, said plainly. */
export function parseUploadResponse(status: number, body: unknown): UploadResponse {
  return answerOf(UploadResponseSchema, status, body, 'upload answer');
}

/**
 * Sends the image bytes. With the browser's own transport this uses XMLHttpRequest, whose upload
 * events give real progress; a custom `fetch` (the element's property) is honoured but can only
 * report the start and the end.
 */
export function uploadImage(
  endpoint: string,
  upload: ImageUpload,
  options: { fetch?: typeof fetch; signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void },
): Promise<UploadResponse> {
  const url = joinUrl(endpoint, PROTOCOL_PATHS.image(upload.subject));
  const headers: Record<string, string> = { 'content-type': upload.image.type || 'image/jpeg' };
  if (upload.barcode) headers['x-berbix-barcode'] = upload.barcode;
  const total = upload.image.size;
  if (options.fetch) {
    options.onProgress?.(0, total);
    return call<unknown>(options.fetch, url, {
      method: 'POST',
      headers,
      body: upload.image,
      ...(options.signal && { signal: options.signal }),
    }).then((body) => {
      options.onProgress?.(total, total);
      return parseUploadResponse(200, body);
    });
  }
  return new Promise<UploadResponse>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : total);
    xhr.onerror = () => reject(new SessionApiError(0, 'network_error', 'the network request failed'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Left null: reported below as a bad answer or by its status.
      }
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorFrom(xhr.status, body));
      try {
        resolve(parseUploadResponse(xhr.status, body));
      } catch (error) {
        reject(error);
      }
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(upload.image);
  });
}

/** Base64 of bytes, for the barcode header (no data: prefix, standard alphabet). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
