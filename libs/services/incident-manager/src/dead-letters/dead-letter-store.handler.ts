import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '@quell/platform-dead-letters';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { duringHistoryOutage } from '../history/history-outage';

// WARNING: a consumer group; renaming it stores the topic's retained letters again (they collapse by id).
export const DEAD_LETTER_STORE_GROUP = 'dead-letter-store';

/**
 * Keeps every letter of the dead-letter topic in ClickHouse for the API and console, in its own
 * group: offsets commit after the insert, so a crash stores the batch again (the id, derived from
 * the group and origin coordinates, collapses the copies). A failed insert is an outage, retried
 * while it lasts: a dead letter of the dead-letter topic would only come back here.
 */
@Controller()
export class DeadLetterStoreHandler {
  constructor(@Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore) {}

  @ConsumeBatch('deadLetters', { group: DEAD_LETTER_STORE_GROUP })
  async handle(@Payload() records: InboundRecord<Buffer>[]): Promise<OutboundRecord[]> {
    await duringHistoryOutage(`store ${records.length} dead letters`, () => this.store.record(records));
    return [];
  }
}
