import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DELIVERY_LOG, type DeliveryLog } from '@quell/platform-delivery-log';
import { LOGGER, type Logger } from '@quell/platform-observability';

/** Writes the delivery log's last batch when the notifier stops (its timers stopped first), before ClickHouse closes. */
@Injectable()
export class DeliveryLogFlush implements OnApplicationShutdown {
  constructor(
    @Inject(DELIVERY_LOG) private readonly log: DeliveryLog | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log?.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'delivery log: last batch not written'));
  }
}
