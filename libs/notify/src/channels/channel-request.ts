/** The exact HTTP request a channel sends; a sender (fetch, with retries) delivers it unchanged. */
export interface ChannelRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  /** Serialised once here: a signature covers these bytes, so nobody may re-serialise them. */
  body: string;
}

export function jsonRequest(url: string, payload: unknown, headers: Record<string, string> = {}, method: ChannelRequest['method'] = 'POST'): ChannelRequest {
  return { method, url, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}

/** `Authorization: Basic …` from a user (or e-mail) and a password (or API token), as RFC 7617 says. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A provider's answer as a JSON object, or undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
