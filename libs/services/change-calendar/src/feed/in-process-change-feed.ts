import type { AvroCodec, Change } from '@quell/contracts';
import type { ChangeHistory } from '@quell/platform-change-history';
import type { EventBus } from '@quell/platform-kafka';
import type { ChangeFeed } from './change-feed.port';

/**
 * The all-in-one process (BUS=memory): it is the only replica, so its own writes are the whole
 * calendar while it runs. The in-process bus keeps nothing across a restart, so the calendar is
 * rebuilt from the ClickHouse mirror (the embedded engine's directory persists); writes are still
 * published, and the mirror reads them from the topic.
 */
export class InProcessChangeFeed implements ChangeFeed {
  constructor(
    private readonly bus: EventBus,
    private readonly codec: AvroCodec,
    private readonly topic: string,
    private readonly history: ChangeHistory,
  ) {}

  async publish(change: Change): Promise<void> {
    await this.bus.publish([{ topic: this.topic, key: change.id, value: this.codec.encodable('Change', change) }]);
  }

  async follow(apply: (change: Change) => void): Promise<void> {
    for (const change of await this.history.latestVersions()) apply(change);
  }

  isHealthy(): boolean {
    return true;
  }

  async stop(): Promise<void> {
    return undefined;
  }
}
