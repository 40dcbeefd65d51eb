/**
 * Removes known credentials from anything the server sends back before it lands in an error's
 * `message` or `raw`, so a server (or a proxy) that echoes a request can never leak a token into a
 * log line. Only credentials this client knows are replaced; short strings are skipped because they
 * cannot be real credentials and replacing them would garble text.
 */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';
const MAX_DEPTH = 20;

export function scrubSecrets<T>(value: T, secrets: ReadonlyArray<string | null | undefined>): T {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  if (known.length === 0) return value;
  return scrub(value, known, 0) as T;
}

function scrub(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) text = text.replaceAll(secret, REDACTED);
    return text;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[scrub(key, secrets, depth + 1) as string] = scrub(item, secrets, depth + 1);
  return out;
}
