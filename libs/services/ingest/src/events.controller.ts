import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ContractError, type AvroCodec, type RawEvent, type Topics } from '@quell/contracts';
import { BusFullError, EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { ApiBody, ApiHeader, ApiOperation, ApiProblem, ApiResponse, drain, problem, readBody, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IngestConfig } from './config';
import { EpisodeLog } from './episode-log';
import { splitEntries } from './http/entry-splitter';
import { ingestAnswerSchema, ingestBody, ingestQuerySchema, type EntryResult, type IngestQuery } from './http/events-api.schemas';
import { idempotencyKeyOf, requestIdentity } from './http/idempotency';
import { IngestHttpMetrics } from './http/ingest-http.metrics';
import { TenantRateLimiter } from './http/tenant-rate-limiter';
import { rawEventFromHttp } from './raw-event.factory';
import { rawKeyOfEvent } from './raw-record-key';

export type { EntryResult } from './http/events-api.schemas';

/** Seconds a client waits before retrying a request the bus could not take. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Retry-After when the pipeline is saturated: 1 to 3 s at random, so that the clients refused in one
 * burst do not all come back in the same second and fill the queue again at once.
 */
function saturatedRetryAfterSeconds(): number {
  return 1 + Math.floor(Math.random() * 3);
}

@Controller('v1/events')
export class EventsController {
  private readonly rate: TenantRateLimiter;
  private readonly metrics: IngestHttpMetrics;
  private readonly saturatedLog: EpisodeLog;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: PipelineMetrics,
  ) {
    this.rate = new TenantRateLimiter(config.INGEST_RATE_EVENTS_PER_SEC, config.INGEST_RATE_BURST);
    this.metrics = new IngestHttpMetrics(metrics.registry);
    this.saturatedLog = new EpisodeLog(logger, 'HTTP requests refused with 503: the pipeline is saturated');
  }

  /**
   * Accepts one JSON object, a JSON array, NDJSON, or text lines in a declared `format`, optionally
   * gzip-compressed. Answers only once every accepted entry is acknowledged by Kafka (all in-sync
   * replicas), so a 202 means the event cannot be lost.
   */
  @Post()
  @HttpCode(202)
  @RequireScope('write')
  @ApiOperation({ summary: 'Send events', tags: ['events'], description: 'Answers once every accepted entry is acknowledged by Kafka (all in-sync replicas): a 202 means the event cannot be lost.' })
  @ApiBody(ingestBody)
  @ApiHeader({ name: 'Idempotency-Key', description: 'Up to 128 visible ASCII characters (a UUIDv7 or ULID is best): a retry with the same key keeps the same event ids.' })
  @ApiHeader({ name: 'X-Quell-Tenant', description: "The tenant the caller expects its key to belong to: 403 when it is another." })
  @ApiResponse(202, { description: 'Every entry accepted or rejected, with the reason.', content: { 'application/json': { schema: ingestAnswerSchema } } })
  @ApiProblem(400, 'A body that is not JSON as a whole, a text body without a known `format`, a parameter given twice, or an unknown query parameter (tenant, source and format are the ones there are).')
  @ApiProblem(413, 'The body is over INGEST_MAX_BODY_BYTES once inflated, holds more than INGEST_MAX_EVENTS entries, or more than the tenant may send in one request.')
  @ApiProblem(415, 'A Content-Type other than JSON, NDJSON or text/plain, or a Content-Encoding other than gzip or deflate.')
  @ApiProblem(429, "The tenant is over its rate; Retry-After says when to retry.", { 'Retry-After': { description: 'Seconds to wait.' } })
  @ApiProblem(503, 'The pipeline is saturated (`reason: pipeline_saturated`, nothing stored) or Kafka did not take the events; Retry-After says when to retry.', {
    'Retry-After': { description: 'Seconds to wait.' },
  })
  async ingest(
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
    @Tenant() tenant: string,
    @Headers('x-quell-tenant') tenantHeader: string | undefined,
    @Query(new ZodValidationPipe(ingestQuerySchema)) query: IngestQuery,
  ): Promise<{ accepted: number; rejected: number; results: EntryResult[] }> {
    try {
      return await this.accept(req, res, tenant, tenantHeader, query);
    } finally {
      // A refusal before the body was read (403, 400, 413) leaves it unread: drain it, or the
      // next request on this keep-alive connection would wait behind it.
      if (!req.readableEnded) drain(req);
    }
  }

  private async accept(
    req: IncomingMessage,
    res: ServerResponse,
    tenant: string,
    tenantHeader: string | undefined,
    query: IngestQuery,
  ): Promise<{ accepted: number; rejected: number; results: EntryResult[] }> {
    this.checkNamedTenant(tenant, tenantHeader ?? query.tenant);
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    const entries = await this.entriesOf(req, query.format);
    const wanted = entries.filter((entry) => 'payload' in entry).length;
    if (wanted > this.rate.maxPerRequest) {
      // Waiting would never help: say so instead of a 429 the caller would retry forever.
      throw problem(413, `at most ${this.rate.maxPerRequest} events per request under the tenant's rate, got ${wanted}`);
    }
    const decision = await this.rate.take(tenant, wanted);
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw problem(429, `tenant ${tenant} is over its rate; retry in ${decision.retryAfterSeconds} s`);
    }
    const { receivedAt, idOf } = requestIdentity(tenant, idempotencyKey, Date.now());
    const source = query.source?.slice(0, 200) || 'http';
    const accepted: RawEvent[] = [];
    const results: EntryResult[] = entries.map((entry, index) => {
      if (!('payload' in entry)) return { index, status: 'rejected', reason: entry.reason };
      const raw = rawEventFromHttp({ id: idOf(index, entry.payload), tenant, receivedAt, sourceName: source, ...entry });
      accepted.push(raw);
      return { index, status: 'accepted', id: raw.id };
    });
    // Encoded by a bus that leaves the process, as it publishes (the all-in-one hands the objects over).
    const records = accepted.map((raw) => ({ topic: this.topics.raw, key: rawKeyOfEvent(raw), value: this.codec.encodable('RawEvent', raw) }));
    try {
      // In the all-in-one the raw topic's queue is bounded: wait a little for room (a burst passes),
      // then refuse. The Kafka bus ignores the wait: KAFKA_PUBLISH_TIMEOUT_MS bounds it instead.
      await this.bus.publish(records, { waitMs: this.config.INGEST_BACKPRESSURE_WAIT_MS });
    } catch (error) {
      if (error instanceof BusFullError) {
        // Nothing of the request was stored: its events go back to the tenant's rate, so that the
        // retry the 503 asks for is not refused with a 429 for events never stored.
        await decision.receipt.giveBack();
        throw this.saturated(res, error, accepted.length, idempotencyKey !== undefined);
      }
      // A record that cannot be encoded is a bug (500), not an outage (503).
      if (error instanceof ContractError) throw error;
      // The publish gave up (within KAFKA_PUBLISH_TIMEOUT_MS) or failed; part of the batches may be
      // stored, so the answer says so and how to retry without twins. The events stay spent from the
      // tenant's rate: those stored count, and giving all back would let failing retries pass it.
      this.logger.error({ err: error, count: accepted.length, idempotencyKey: idempotencyKey !== undefined }, 'events could not be written to Kafka');
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw problem(
        503,
        idempotencyKey === undefined
          ? 'the events could not all be stored (some may have been): retry the request; send an Idempotency-Key so that a retry keeps the same event ids'
          : 'the events could not all be stored (some may have been): retry the request with the same Idempotency-Key, which keeps the same event ids',
      );
    }
    return { accepted: accepted.length, rejected: results.length - accepted.length, results };
  }

  /**
   * The pipeline is full (the stages behind ingest are slower than its input): a 503 that says so,
   * distinct from an outage. The bus took none of the records (it waits for room for the whole
   * publish), so the client resends all of them, and the same Idempotency-Key keeps their ids.
   */
  private saturated(res: ServerResponse, error: BusFullError, events: number, withKey: boolean) {
    this.metrics.saturatedRequests.inc();
    this.metrics.saturatedEvents.inc(events);
    this.saturatedLog.note({ topic: error.topic, backlog: error.backlog, maxRecords: error.maxRecords, waitedMs: error.waitedMs });
    const retryAfter = saturatedRetryAfterSeconds();
    res.setHeader('Retry-After', String(retryAfter));
    return problem(
      503,
      `the pipeline is saturated (its queues are full and did not drain within ${error.waitedMs} ms): nothing of this request was stored; ` +
        (withKey ? `retry in ${retryAfter} s with the same Idempotency-Key` : `retry in ${retryAfter} s (an Idempotency-Key keeps the same event ids across retries)`),
      { extensions: { reason: 'pipeline_saturated' } },
    );
  }

  /** The body cut into entries; a body that cannot be read or cut is refused whole (a BodyError, answered as its problem). */
  private async entriesOf(req: IncomingMessage, format: string | undefined) {
    const body = await readBody(req, this.config.INGEST_MAX_BODY_BYTES);
    return splitEntries(body, {
      contentType: req.headers['content-type'] ?? '',
      format,
      maxEventBytes: this.config.INGEST_MAX_EVENT_BYTES,
      maxEvents: this.config.INGEST_MAX_EVENTS,
    });
  }

  /** A tenant named by the caller (X-Quell-Tenant, ?tenant=) must be its key's: it never chooses the tenant. */
  private checkNamedTenant(tenant: string, namedTenant: string | undefined): void {
    if (namedTenant !== undefined && namedTenant !== tenant) throw problem(403, `this API key belongs to another tenant than "${namedTenant}"`);
  }
}
