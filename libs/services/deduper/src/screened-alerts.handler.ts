import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { withDedup } from '@quell/dedup';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { DEDUP_STORE, type DedupStore } from '@quell/platform-redis';
import { CODEC, eachRecord, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { DeduperConfig } from './config';

/**
 * Counts each fingerprint's occurrences in a window. The store counts an alert id once, so a
 * redelivered alert leaves the count as it was and the output is the same record again.
 */
@Controller()
export class ScreenedAlertsHandler {
  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(DEDUP_STORE) private readonly store: DedupStore,
    @Inject(SERVICE_CONFIG) private readonly config: DeduperConfig,
  ) {}

  @ConsumeBatch('alertsScreened')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    // In order: two alerts of one fingerprint in one batch must see each other's counts.
    return eachRecord(records, async ({ value: alert }) => {
      const seen = await this.store.observe(alert.fingerprint, alert.id, alert.lastSeen, this.config.DEDUP_WINDOW_MS);
      const unique = withDedup(alert, seen);
      return { topic: this.topics.alertsUnique, key: unique.fingerprint, value: this.codec.encodable('Alert', unique) };
    });
  }
}
