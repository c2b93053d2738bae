import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { InboundRecord } from '../bus/message';
import { ensureTopics } from '../kafka/kafka-client';
import type { FetchTunableBus } from '../kafka-bus-factory';
import { record } from './bus-fixtures';

/** The most batches a group's handler held at once, over a topic whose six partitions all hold records before it starts. */
async function mostPartitionsAtOnce(kafka: Kafka, bus: FetchTunableBus, partitionsConcurrently?: number): Promise<{ most: number; partitions: number }> {
  const [topic, dlq] = [`atonce-${randomUUID()}`, `atonce-dlq-${randomUUID()}`];
  await ensureTopics(kafka, [{ topic, partitions: 6 }, { topic: dlq, partitions: 1 }]);
  await bus.publish(Array.from({ length: 60 }, (_, i) => record(topic, `key-${i}`, String(i))));
  const groupId = `atonce-${randomUUID()}`;
  if (partitionsConcurrently !== undefined) bus.configureConsumer(groupId, { partitionsConcurrently });
  let inHand = 0;
  let most = 0;
  let handled = 0;
  const partitions = new Set<number>();
  const handle = await bus.consume({
    groupId,
    subscriptions: [
      {
        topic,
        decode: (bytes) => bytes,
        handle: async (records: InboundRecord<unknown>[]) => {
          inHand += 1;
          most = Math.max(most, inHand);
          records.forEach((r) => partitions.add(r.partition));
          await new Promise((r) => setTimeout(r, 300));
          inHand -= 1;
          handled += records.length;
          return [];
        },
      },
    ],
    deadLetterTopic: dlq,
    policy: { maxAttempts: 1, backoffMs: 10, maxBackoffMs: 10 },
  });
  const deadline = Date.now() + 30_000;
  while (handled < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await handle.stop();
  expect(handled).toBe(60);
  return { most, partitions: partitions.size };
}

/** A group's partitionsConcurrently over the bus's own partitionsConsumedConcurrently, on either Kafka bus. */
export function itHandlesPartitionsAtOnce(kafka: Kafka, newBus: (options: { partitionsConsumedConcurrently: number }) => FetchTunableBus): void {
  it("handles as many partitions of a fetch at once as the group's partitionsConcurrently says, else the bus's own", async () => {
    const bus = newBus({ partitionsConsumedConcurrently: 2 });
    const all = await mostPartitionsAtOnce(kafka, bus, 6);
    expect(all.partitions).toBeGreaterThan(3);
    expect(all.most).toBeGreaterThan(2);
    expect((await mostPartitionsAtOnce(kafka, bus)).most).toBe(2);
  }, 60_000);
}
