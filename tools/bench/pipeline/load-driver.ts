import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { BenchBatch } from './traffic-stream';

/** Hands one batch to the system under test; resolves once it is accepted. */
export interface BatchSender {
  send(batch: BenchBatch): Promise<void>;
  /** Batches refused for a while (503/429) and sent again. */
  retries: number;
  close(): Promise<void>;
}

const CONTENT: Record<BenchBatch['channel'], { type: string; query: string }> = {
  json: { type: 'application/x-ndjson', query: '' },
  syslog3164: { type: 'text/plain', query: '?format=syslog' },
  cef: { type: 'text/plain', query: '?format=cef' },
  kv: { type: 'text/plain', query: '?format=kv' },
};

/** POSTs each batch to an ingest URL over keep-alive connections, waiting out a 503/429 as a shipper would. */
export class HttpSender implements BatchSender {
  retries = 0;
  private readonly agent: Agent;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  async send(batch: BenchBatch): Promise<void> {
    const body = Buffer.from(batch.lines.join('\n'));
    // As a shipper does: the same key on every attempt, so a retry after a lost answer keeps the event ids.
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      let answer: { status: number; retryAfter: number };
      try {
        answer = await this.post(batch.channel, body, key);
      } catch (error) {
        // A keep-alive connection the server closed just as it was reused; anything else, or again and again, is real.
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt >= 5 || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw error;
        this.retries += 1;
        continue;
      }
      const { status, retryAfter } = answer;
      if (status === 202 || status === 200) return;
      if (status !== 503 && status !== 429) throw new Error(`ingest answered ${status}`);
      this.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, retryAfter) * 1000));
    }
  }

  private post(channel: BenchBatch['channel'], body: Buffer, key: string): Promise<{ status: number; retryAfter: number }> {
    const { type, query } = CONTENT[channel];
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.url}${query}`,
        { method: 'POST', agent: this.agent, headers: { 'content-type': type, authorization: `Bearer ${this.apiKey}`, 'content-length': body.length, 'idempotency-key': key } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) || 1 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

export interface DriveOptions {
  /** Stop after this many events... */
  events?: number;
  /** ...or after this many seconds of sending, whichever comes first. */
  seconds?: number;
  /** Events per second to pace at; unpaced (as fast as the sender takes them) when absent. */
  rate?: number;
  clients: number;
}

export interface DriveResult {
  events: number;
  batches: number;
  startedAt: number;
  /** When the last batch was accepted (performance.now() ms). */
  endedAt: number;
  /** Alert host → when the request holding its event was started. */
  sentAt: Map<string, number>;
  /** How far behind its schedule the latest paced batch was sent (ms). */
  maxLagMs: number;
}

/**
 * Several clients take batches from one stream and send them. Paced, batch k leaves at the time
 * its first event is due; a client that is late sends at once and the lag is reported.
 */
export async function drive(next: () => BenchBatch, sender: BatchSender, options: DriveOptions): Promise<DriveResult> {
  const startedAt = performance.now();
  const deadline = options.seconds === undefined ? Infinity : startedAt + options.seconds * 1000;
  const limit = options.events ?? Infinity;
  const result: DriveResult = { events: 0, batches: 0, startedAt, endedAt: startedAt, sentAt: new Map(), maxLagMs: 0 };
  let scheduled = 0;
  const client = async () => {
    while (scheduled < limit && performance.now() < deadline) {
      const batch = next();
      const dueAt = options.rate ? startedAt + (scheduled / options.rate) * 1000 : 0;
      scheduled += batch.lines.length;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else if (options.rate) result.maxLagMs = Math.max(result.maxLagMs, -wait);
      const at = performance.now();
      for (const host of batch.alertHosts) result.sentAt.set(host, at);
      await sender.send(batch);
      result.events += batch.lines.length;
      result.batches += 1;
      result.endedAt = performance.now();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return result;
}

/** Percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
