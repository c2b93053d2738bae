import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, Topics } from '@quell/contracts';
import { withDedup } from '@quell/dedup';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CODEC, eachRecord, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, type DocumentStore } from '@quell/platform-state';
import type { DeduperConfig } from './config';
import { DedupWindows } from './dedup-windows';

/**
 * Counts each fingerprint's occurrences in a window. An alert id is counted once, so a
 * redelivered alert leaves the count as it was and the output is the same record again.
 */
@Controller()
export class ScreenedAlertsHandler {
  private readonly windows: DedupWindows;

  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(DOCUMENT_STORE) store: DocumentStore,
    @Inject(SERVICE_CONFIG) config: DeduperConfig,
  ) {
    this.windows = new DedupWindows(store, config.DEDUP_WINDOW_MS);
  }

  @ConsumeBatch('alertsScreened')
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    // One read and one write for the batch; alerts of one fingerprint see each other's counts in order.
    const seen = await this.windows.observe(
      records.map(({ value: alert }) => ({ tenant: alert.tenant, fingerprint: alert.fingerprint, id: alert.id, at: alert.lastSeen })),
    );
    let position = 0;
    return eachRecord(records, ({ value: alert }) => {
      const unique = withDedup(alert, seen[position++]);
      return { topic: this.topics.alertsUnique, key: unique.fingerprint, value: this.codec.encodable('Alert', unique) };
    });
  }
}
