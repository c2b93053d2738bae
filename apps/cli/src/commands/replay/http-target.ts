import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { z } from 'zod';
import { ApiUnavailable, problemText } from '../api-client';
import { fetchFailure } from '../fetch-failure';
import type { ReplayLine } from './replay-lines';
import type { BatchOutcome } from './replay-tally';
import type { ReplayLabels, ReplayTarget } from './replay-target';
import type { Clock } from './token-bucket';

const gzipAsync = promisify(gzip);

/** Bodies from this size on are gzip-compressed: smaller ones gain less than the compression costs. */
const GZIP_FROM_BYTES = 8 * 1024;
/** Waits asked for (429, 503) before a batch is given up: 1–3 s each for a saturated pipeline, so about a minute. */
const MAX_RETRIES = 30;
const MAX_BACKOFF_MS = 30_000;

/** Ingest's 202 answer: one result per entry, in the order of the lines sent. */
const answerSchema = z.object({
  accepted: z.number().int(),
  results: z.array(z.union([z.object({ status: z.literal('accepted') }), z.object({ status: z.literal('rejected'), reason: z.string() })])),
});

/**
 * The ingest HTTP API (POST /v1/events). Each batch carries its own Idempotency-Key, so the retry
 * of a batch the target refused for now (429 over the tenant's rate, 503 saturated or Kafka away,
 * both with Retry-After) keeps the same event ids and duplicates nothing downstream.
 */
export class HttpTarget implements ReplayTarget {
  readonly name: string;
  private readonly endpoint: URL;

  constructor(
    url: string,
    private readonly apiKey: string,
    private readonly labels: ReplayLabels,
    private readonly clock: Clock,
  ) {
    this.endpoint = new URL('v1/events', url.endsWith('/') ? url : `${url}/`);
    if (labels.format) this.endpoint.searchParams.set('format', labels.format);
    this.endpoint.searchParams.set('source', labels.source);
    this.name = new URL(url).origin;
  }

  async open(): Promise<void> {
    // Nothing to connect: an unreachable server is told by the first batch.
  }

  async send(lines: ReplayLine[]): Promise<BatchOutcome> {
    const text = Buffer.from(lines.map((l) => l.text).join('\n') + '\n');
    const compressed = text.length >= GZIP_FROM_BYTES;
    const body = compressed ? await gzipAsync(text) : text;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'content-type': this.labels.format ? 'text/plain; charset=utf-8' : 'application/x-ndjson',
      'idempotency-key': randomUUID(),
      ...(compressed ? { 'content-encoding': 'gzip' } : {}),
      ...(this.labels.tenant ? { 'x-quell-tenant': this.labels.tenant } : {}),
    };
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(this.endpoint, { method: 'POST', headers, body });
      } catch (error) {
        throw new ApiUnavailable(`cannot reach ${this.endpoint.host}: ${fetchFailure(error)}`);
      }
      const answer = await response.text();
      if (response.ok) return outcomeOf(answer, lines);
      if ((response.status === 429 || response.status === 503) && attempt < MAX_RETRIES) {
        await this.clock.sleep(retryDelayMs(response.headers.get('retry-after'), attempt, this.clock.now()));
        this.labels.onRetry();
        continue;
      }
      const hint = response.status === 413 ? ' (send fewer events per request with --batch)' : '';
      throw new ApiUnavailable(`POST ${this.endpoint.pathname}: ${response.status} ${problemText(answer, response.statusText)}${hint}`);
    }
  }

  async close(): Promise<void> {
    // fetch keeps no connection the process must close.
  }
}

/** The wait the server asked for (Retry-After in seconds or as a date), else doubling from 1 s. */
export function retryDelayMs(retryAfter: string | null, attempt: number, now: number): number {
  const seconds = Number(retryAfter);
  if (retryAfter !== null && retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.min(MAX_BACKOFF_MS, Math.max(0, seconds * 1000));
  const date = retryAfter === null ? NaN : Date.parse(retryAfter);
  if (Number.isFinite(date)) return Math.min(MAX_BACKOFF_MS, Math.max(0, date - now));
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
}

function outcomeOf(text: string, lines: ReplayLine[]): BatchOutcome {
  let parsed: z.output<typeof answerSchema>;
  try {
    parsed = answerSchema.parse(JSON.parse(text));
  } catch {
    throw new ApiUnavailable(`POST /v1/events: the answer is not ingest's (${text.slice(0, 120)})`);
  }
  if (parsed.results.length !== lines.length) throw new ApiUnavailable(`POST /v1/events: ${parsed.results.length} results for ${lines.length} lines sent`);
  const rejected = parsed.results.flatMap((result, index) => (result.status === 'rejected' ? [{ line: lines[index].line, reason: result.reason }] : []));
  return { accepted: parsed.accepted, rejected };
}
