import type { AvroCodec, Change } from '@quell/contracts';
import type { EventBus } from '@quell/platform-kafka';
import type { ChangeFeed } from './change-feed.port';

/**
 * The all-in-one process (BUS=memory): it is the only replica, so its own writes are the whole
 * calendar; they are still published, for the topic's other readers (the ClickHouse mirror).
 */
export class InProcessChangeFeed implements ChangeFeed {
  constructor(
    private readonly bus: EventBus,
    private readonly codec: AvroCodec,
    private readonly topic: string,
  ) {}

  async publish(change: Change): Promise<void> {
    await this.bus.publish([{ topic: this.topic, key: change.id, value: this.codec.encodable('Change', change) }]);
  }

  /** Nothing to read back: the calendar applies its own writes as it makes them. */
  async follow(): Promise<void> {
    return undefined;
  }

  isHealthy(): boolean {
    return true;
  }

  async stop(): Promise<void> {
    return undefined;
  }
}
