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
  const body = await bodyStart(response);
  if (response.ok) return { ok: true, status: response.status, body };
  return {
    ok: false,
    status: response.status,
    reason: `${name} answered ${response.status}`,
    retriable: isRetriableStatus(response.status),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
  };
}

/**
 * The first MAX_BODY_CHARS of the answer, the rest left unread: a receiver streaming a huge or
 * endless body neither fills memory nor holds the send until its timeout.
 */
async function bodyStart(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < MAX_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short keeps what arrived: the status already says how the send went.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text.slice(0, MAX_BODY_CHARS);
}
