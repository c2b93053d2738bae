import { isRetriableStatus, parseRetryAfter, type ChannelRequest, type SendOutcome } from '@quell/notify';

/** Longest answer body kept (a ticket reference is read from it; an error quotes its start). */
const MAX_BODY_CHARS = 4_000;

/**
 * Sends a ChannelRequest exactly as built (its signature covers the body bytes) and says what came
 * of it; never throws. `name` labels the reason (`soc-slack answered 429`).
 */
export async function sendChannelRequest(name: string, request: ChannelRequest, timeoutMs: number, extraHeaders: Record<string, string> = {}): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(request.url, { method: request.method, headers: { ...request.headers, ...extraHeaders }, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, status: null, reason: `${name} unreachable: ${(error as Error).message}`, retriable: true, retryAfterMs: null };
  }
  const body = (await response.text().catch(() => '')).slice(0, MAX_BODY_CHARS);
  if (response.ok) return { ok: true, status: response.status, body };
  return {
    ok: false,
    status: response.status,
    reason: `${name} answered ${response.status}`,
    retriable: isRetriableStatus(response.status),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
  };
}
