import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Change } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { WindowCloseTimers } from './window-close-timers';

/** The calendar's own group on the changes topic for window closes: every version is planned once per deployment. */
export const WINDOW_CLOSE_GROUP = 'change-window-close';

/**
 * Schedules, moves or cancels the window-close timers of every change version stored; offsets are
 * committed once the timers are durable, so a crash before that plans the version again (idempotent keys).
 */
@Controller()
export class WindowCloseHandler {
  constructor(@Inject(WindowCloseTimers) private readonly windowClose: WindowCloseTimers) {}

  @ConsumeBatch('changes', { group: WINDOW_CLOSE_GROUP })
  async handle(@Payload() records: InboundRecord<Change>[]): Promise<OutboundRecord[]> {
    for (const { value } of records) await this.windowClose.plan(value);
    return [];
  }
}
