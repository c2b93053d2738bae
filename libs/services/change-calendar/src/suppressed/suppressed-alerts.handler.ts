import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert } from '@quell/contracts';
import { CHANGE_HISTORY, type ChangeHistory } from '@quell/platform-change-history';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CALENDAR_CLOCK } from '../change-calendar';

/** WARNING: the group's offsets say how far the table is written; a new name rewrites the topic's retention into it. */
export const SUPPRESSED_HISTORY_GROUP = 'change-suppressed-alerts';

/**
 * Writes every alert on the suppressed-alerts topic into ClickHouse (quell_suppressed_alerts_v2), one
 * insert per batch, offsets committed after it: a batch handled again stores its alerts again,
 * which reads collapse. Its own group, so a slow ClickHouse never holds up screening.
 */
@Controller()
export class SuppressedAlertsHandler {
  constructor(
    @Inject(CHANGE_HISTORY) private readonly history: ChangeHistory,
    @Inject(CALENDAR_CLOCK) private readonly clock: () => number,
  ) {}

  @ConsumeBatch('alertsSuppressed', { group: SUPPRESSED_HISTORY_GROUP })
  async handle(@Payload() records: InboundRecord<Alert>[]): Promise<OutboundRecord[]> {
    await this.history.recordSuppressed(
      records.map((r) => r.value),
      this.clock(),
    );
    return [];
  }
}
