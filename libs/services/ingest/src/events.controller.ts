import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  PayloadTooLargeException,
  Post,
  Query,
  UnauthorizedException,
} from '@nestjs/common';
import type { AvroCodec, RawEvent, Topics } from '@quell/contracts';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { ApiKeys } from './api-keys';
import type { IngestConfig } from './config';
import { rawEventFromHttp } from './raw-event.factory';

type EntryResult = { index: number; status: 'accepted'; id: string } | { index: number; status: 'rejected'; reason: string };

@Controller('v1/events')
export class EventsController {
  private readonly keys: ApiKeys;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
  ) {
    this.keys = new ApiKeys(config.INGEST_API_KEYS);
  }

  /**
   * Accepts one JSON object or an array of them. Answers only once every accepted entry is
   * acknowledged by Kafka (all in-sync replicas), so a 202 means the event cannot be lost.
   */
  @Post()
  @HttpCode(202)
  async ingest(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Query('source') source: string | undefined,
  ): Promise<{ accepted: number; rejected: number; results: EntryResult[] }> {
    const tenant = this.authenticate(authorization);
    const entries = Array.isArray(body) ? body : [body];
    if (entries.length > this.config.INGEST_MAX_EVENTS) {
      throw new PayloadTooLargeException(`at most ${this.config.INGEST_MAX_EVENTS} events per request, got ${entries.length}`);
    }
    const receivedAt = Date.now();
    const results: EntryResult[] = [];
    const accepted: RawEvent[] = [];
    entries.forEach((entry: unknown, index) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        results.push({ index, status: 'rejected', reason: 'an event must be a JSON object' });
        return;
      }
      const raw = rawEventFromHttp(tenant, entry, receivedAt, randomUUID(), source?.slice(0, 200) || 'http');
      accepted.push(raw);
      results.push({ index, status: 'accepted', id: raw.id });
    });
    await this.bus.publish(
      accepted.map((raw) => ({ topic: this.topics.raw, key: raw.tenant, value: this.codec.encode('RawEvent', raw) })),
    );
    return { accepted: accepted.length, rejected: results.length - accepted.length, results };
  }

  private authenticate(authorization: string | undefined): string {
    const key = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    const tenant = key ? this.keys.tenantOf(key.trim()) : undefined;
    if (!tenant) throw new UnauthorizedException('a valid API key is required: Authorization: Bearer <key>');
    return tenant;
  }
}
