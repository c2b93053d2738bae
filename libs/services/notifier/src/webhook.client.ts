/** A webhook answer worth retrying (5xx, 429, network) or not (other 4xx: fix the config). */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export async function postWebhook(url: string, body: unknown, idempotencyKey: string, timeoutMs: number): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new WebhookError(`webhook unreachable: ${(error as Error).message}`, true);
  }
  if (response.ok) return response.status;
  const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
  throw new WebhookError(`webhook answered ${response.status}`, retriable);
}
