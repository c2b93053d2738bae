import { randomUUID } from 'node:crypto';
import type { FaultStream } from './fault-stream';

export interface HttpClientStats {
  requests: number;
  attempts: number;
  unavailable: number;
  timeouts: number;
  refused: number;
}

/**
 * An HTTP client of ingest that does what the README asks during an outage: each request carries
 * an Idempotency-Key, and after a 503 (waiting its Retry-After) or a timeout it is sent again,
 * same body, same key, until it is accepted. Its events count as sent once accepted.
 */
export class IngestHttpClient {
  readonly stats: HttpClientStats = { requests: 0, attempts: 0, unavailable: 0, timeouts: 0, refused: 0 };

  constructor(
    private readonly url: () => string,
    private readonly apiKey: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Posts `batch` events of `stream` every `everyMs` until `requests` requests are accepted. */
  async post(stream: FaultStream, requests: number, batch: number, everyMs: number): Promise<void> {
    for (let i = 0; i < requests; i += 1) {
      const started = Date.now();
      await this.send(stream, batch);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started))));
    }
  }

  private async send(stream: FaultStream, batch: number): Promise<void> {
    const events = stream.take(batch);
    const body = `${events.map((e) => e.json).join('\n')}\n`;
    const key = randomUUID();
    this.stats.requests += 1;
    for (;;) {
      this.stats.attempts += 1;
      let retryAfterMs = 1000;
      try {
        const response = await fetch(`${this.url()}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${this.apiKey}`, 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await response.text();
        if (response.status === 202) break;
        if (response.status !== 503) throw new Error(`ingest answered ${response.status}: ${text}`);
        this.stats.unavailable += 1;
        retryAfterMs = Number(response.headers.get('retry-after') ?? 1) * 1000;
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') this.stats.timeouts += 1;
        else if (error instanceof TypeError) this.stats.refused += 1; // fetch failed: nothing listening
        else throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    }
    for (const e of events) stream.sent.set(e.seq, e.host);
  }

  describe(): string {
    const s = this.stats;
    return `http ${s.requests} requests in ${s.attempts} attempts (${s.unavailable}×503, ${s.timeouts} timeouts, ${s.refused} refused)`;
  }
}
