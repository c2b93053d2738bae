/** The exact HTTP request a channel sends; a sender (fetch, with retries) delivers it unchanged. */
export interface ChannelRequest {
  method: 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  /** Serialised once here: a signature covers these bytes, so nobody may re-serialise them. */
  body: string;
}

export function jsonRequest(url: string, payload: unknown, headers: Record<string, string> = {}, method: ChannelRequest['method'] = 'POST'): ChannelRequest {
  return { method, url, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(payload) };
}
