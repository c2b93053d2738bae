import type { Readable } from 'node:stream';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { isRetriableStatus, parseRetryAfter, type ChannelRequest, type SendOutcome } from '@quell/notify';

/** Longest answer body kept (a ticket reference is read from it; an error quotes its start). */
const MAX_BODY_CHARS = 4_000;

/**
 * Keep-alive connections per origin, following redirects as fetch does (at most 20; Authorization
 * and cookies dropped when one leaves the origin; a 303, or a POST answered 301/302, goes on as a GET).
 * undici's `request` rather than the global fetch: no WHATWG Request, Response and streams around
 * each send. Client CPU per 2 KB JSON POST to a local receiver, 8 at a time: 487–733 µs by fetch,
 * 208–281 by request (tools/bench/channel-send.ts, three rounds; the all-in-one delivers one webhook
 * per incident version).
 */
const dispatcher: Dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 20 }));

/**
 * Sends a ChannelRequest exactly as built (its signature covers the body bytes) and says what came
 * of it; never throws. `name` labels the reason (`soc-slack answered 429`).
 */
export async function sendChannelRequest(name: string, channelRequest: ChannelRequest, timeoutMs: number, extraHeaders: Record<string, string> = {}): Promise<SendOutcome> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(channelRequest.url, {
      dispatcher,
      method: channelRequest.method,
      headers: { ...channelRequest.headers, ...extraHeaders },
      body: channelRequest.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: null, reason: `${name} unreachable: ${(error as Error).message}`, retriable: true, retryAfterMs: null };
  }
  const body = await bodyStart(response.body);
  const status = response.statusCode;
  if (status >= 200 && status < 300) return { ok: true, status, body };
  return {
    ok: false,
    status,
    reason: `${name} answered ${status}`,
    retriable: isRetriableStatus(status),
    retryAfterMs: parseRetryAfter(firstHeader(response.headers['retry-after']), Date.now()),
  };
}

/**
 * The first MAX_BODY_CHARS of the answer, the rest left unread: a receiver streaming a huge or
 * endless body neither fills memory nor holds the send until its timeout.
 */
async function bodyStart(body: Readable): Promise<string> {
  body.setEncoding('utf8');
  let text = '';
  try {
    // Leaving the loop early destroys the body and its connection; a body read to its end hands the connection back to the pool.
    for await (const chunk of body) {
      text += chunk as string;
      if (text.length >= MAX_BODY_CHARS) break;
    }
  } catch {
    // A body cut short keeps what arrived: the status already says how the send went.
  }
  return text.slice(0, MAX_BODY_CHARS);
}

function firstHeader(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
