import { randomUUID } from 'node:crypto';
import { requireKafkaBrokers } from '@quell/platform-testing';
import { InProcessEventBus } from '../memory/in-process-event-bus';
import { silentLogger } from '../test/bus-fixtures';
import { createKafka, ensureTopics } from './kafka-client';
import { KafkaEventBus } from './kafka-event-bus';

const kafka = createKafka({ brokers: requireKafkaBrokers(), clientId: 'key-partitioner-int-spec' });
const keys = Array.from({ length: 40 }, (_, i) => JSON.stringify(['acme', 'brute_force', `["10.0.0.${i}"]`]));

describe('keyPartitioner: the partition a bus publishes a key to', () => {
  it('is the partition the Kafka producer wrote each key to', async () => {
    const topic = `key-partitions-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic, partitions: 5 }]);
    const bus = new KafkaEventBus(kafka, { logger: silentLogger });
    try {
      await bus.publish(keys.map((key) => ({ topic, key, value: Buffer.from(key) })));
      const written = new Map<string, number>();
      const consumer = kafka.consumer({ groupId: `key-partitions-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => void written.set(String(message.key), partition) });
      for (const deadline = Date.now() + 30_000; written.size < keys.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
      await consumer.disconnect();

      const partitionOf = await bus.keyPartitioner(topic);
      expect(new Set(written.values()).size).toBeGreaterThan(1);
      expect(Object.fromEntries(keys.map((key) => [key, partitionOf(key)]))).toEqual(Object.fromEntries(written));
    } finally {
      await bus.close();
    }
  });

  it('is the partition the in-process bus appends each key to', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 4 });
    await bus.publish(keys.map((key) => ({ topic: 'matches', key, value: Buffer.from(key) })));
    const partitionOf = await bus.keyPartitioner('matches');
    const appended = bus.read('matches');
    expect(new Set(appended.map((r) => r.partition)).size).toBeGreaterThan(1);
    for (const record of appended) expect(partitionOf(String(record.key))).toBe(record.partition);
  });
});
