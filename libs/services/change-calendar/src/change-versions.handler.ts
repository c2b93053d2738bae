import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Change } from '@quell/contracts';
import { CHANGE_HISTORY, type ChangeHistory } from '@quell/platform-change-history';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { CALENDAR_CLOCK } from './change-calendar';

/**
 * Mirrors every version on the changes topic into ClickHouse (history and search), once per
 * deployment: the service's own consumer group, offsets committed after the insert. A batch handled
 * again stores its versions again, which reads collapse.
 */
@Controller()
export class ChangeVersionsHandler {
  constructor(
    @Inject(CHANGE_HISTORY) private readonly history: ChangeHistory,
    @Inject(CALENDAR_CLOCK) private readonly clock: () => number,
  ) {}

  @ConsumeBatch('changes')
  async handle(@Payload() records: InboundRecord<Change>[]): Promise<OutboundRecord[]> {
    await this.history.record(
      records.map((r) => r.value),
      this.clock(),
    );
    return [];
  }
}
