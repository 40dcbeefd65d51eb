/**
 * What a browser does with an answer, shared by the tests' Browser and the bench's session driver:
 * keep the session cookie, read the body as JSON when it is JSON.
 */

/** The cookie kept after an answer: its `Set-Cookie` pair, `''` when that clears it, else `current`. */
export function keptCookie(headers: Headers, current: string): string {
  const setCookie = headers.get('set-cookie');
  if (!setCookie) return current;
  const pair = setCookie.split(';')[0] ?? '';
  return pair.endsWith('=') ? '' : pair;
}

/** The body parsed as JSON; `undefined` when it is empty or not JSON. */
export function jsonOrUndefined(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
