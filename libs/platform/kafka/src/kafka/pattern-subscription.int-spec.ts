import { randomUUID } from 'node:crypto';
import { requireKafkaBrokers } from '@quell/platform-testing';
import type { InboundRecord } from '../bus/message';
import { silentLogger } from '../test/bus-fixtures';
import { createKafka, ensureTopics } from './kafka-client';
import { KafkaEventBus } from './kafka-event-bus';

describe('KafkaEventBus pattern subscriptions', () => {
  const kafka = createKafka({ brokers: requireKafkaBrokers(), clientId: 'pattern-int-spec' });
  const bus = new KafkaEventBus(kafka, { logger: silentLogger, sessionTimeoutMs: 6_000 });
  afterAll(() => bus.close());

  it('delivers records of every existing topic matching the pattern to its handler, and no other', async () => {
    const prefix = `pat${randomUUID().slice(0, 8)}`;
    const topics = [`${prefix}.shipper.a`, `${prefix}.shipper.b`, `${prefix}.other`, `${prefix}.dlq`];
    await ensureTopics(kafka, topics.map((topic) => ({ topic })), 1);
    await bus.publish(topics.slice(0, 3).map((topic) => ({ topic, key: null, value: Buffer.from(topic) })));
    const seen: InboundRecord<Buffer>[] = [];
    const handle = await bus.consume({
      groupId: `${prefix}-group`,
      subscriptions: [
        {
          topic: 'shippers',
          pattern: new RegExp(`^${prefix}\\.shipper\\.`),
          decode: (bytes) => bytes,
          handle: async (records: InboundRecord<unknown>[]) => {
            seen.push(...(records as InboundRecord<Buffer>[]));
            return [];
          },
        },
      ],
      deadLetterTopic: `${prefix}.dlq`,
      policy: { maxAttempts: 1, backoffMs: 10, maxBackoffMs: 10 },
    });
    const deadline = Date.now() + 30_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    await handle.stop();
    expect(seen.map((r) => r.topic).sort()).toEqual(topics.slice(0, 2));
    expect(seen.map((r) => r.value.toString()).sort()).toEqual(topics.slice(0, 2));
  }, 60_000);
});
