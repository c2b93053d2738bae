/** Value written in place of a secret. The same word as the logger's own redaction. */
export const REDACTED_VALUE = '[redacted]';

// By name, wherever it appears (headers, query parameters): authorization and cookies, and anything
// whose name says key, secret, token, password or credential (x-api-key, apiKey, access_token, …).
const SENSITIVE_NAME = /authorization|cookie|key|secret|token|passw(or)?d|credential|signature|session/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** The headers with the value of every sensitive one replaced. */
export function redactedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = isSensitiveName(name) ? REDACTED_VALUE : value;
  }
  return out;
}

/** The request target with the value of every sensitive query parameter replaced (`?api_key=[redacted]`). */
export function redactedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = new URLSearchParams(url.slice(at + 1));
  let changed = false;
  for (const name of new Set(query.keys())) {
    if (!isSensitiveName(name)) continue;
    query.set(name, REDACTED_VALUE);
    changed = true;
  }
  return changed ? `${url.slice(0, at)}?${query.toString()}` : url;
}
