import { notReadyReason, type ConsumerHandle } from '@quell/platform-kafka';
import type { HealthRegistry } from '@quell/platform-observability';

/**
 * One readiness and one liveness check per consumer group, named `consumer:<group>`. Ready only
 * while the group has a running member in this process that makes progress (the reason is in the
 * readiness body); live unless its restarts were given up.
 */
export function registerConsumerChecks(health: HealthRegistry, consumers: readonly ConsumerHandle[]): void {
  for (const consumer of consumers) {
    const name = `consumer:${consumer.status().groupId}`;
    health.register(name, async () => {
      const reason = notReadyReason(consumer.status());
      if (reason) throw new Error(reason);
      return true;
    });
    health.registerLiveness(name, () => consumer.status().state !== 'failed');
  }
}
