import { createTopics, requireKafkaBrokers, testKafkaClient, uniqueName, waitFor } from '@quell/platform-testing';
import type { RawRecord } from '../bus/message';
import { createCompactedTopicReader, KAFKA_CLIENTS } from '../kafka-bus-factory';
import type { CompactedTopicReader } from './compacted-topic-reader.port';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(KAFKA_CLIENTS)('CompactedTopicReader over the real broker (KAFKA_CLIENT=%s)', (client) => {
  const brokers = requireKafkaBrokers();
  const producer = testKafkaClient(brokers, `compacted-reader-producer-${client}`).producer();
  const readers: CompactedTopicReader[] = [];

  beforeAll(() => producer.connect());
  afterAll(async () => {
    for (const reader of readers) await reader.stop();
    await producer.disconnect();
  });

  function reader(topic: string, apply: (record: RawRecord) => void): CompactedTopicReader {
    const created = createCompactedTopicReader(client, { brokers, clientId: `compacted-reader-${client}` }, { topic, groupPrefix: uniqueName('reader'), apply, logger });
    readers.push(created);
    return created;
  }

  const send = (topic: string, from: number, count: number) =>
    producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })) });

  it('has applied everything on the topic when start() resolves, then follows it', async () => {
    const topic = uniqueName('compacted');
    await createTopics(brokers, [topic], 3);
    await send(topic, 0, 60);
    const seen: string[] = [];
    const first = reader(topic, (r) => seen.push(r.key!.toString()));
    await first.start();
    expect(new Set(seen).size).toBe(60);
    expect(first.isHealthy()).toBe(true);

    await send(topic, 60, 5);
    await waitFor(() => (seen.length >= 65 ? true : undefined), { description: 'records produced after the start' });
    // A second reader (another replica) reads the whole topic too: the groups are private.
    const other: string[] = [];
    await reader(topic, (r) => other.push(r.key!.toString())).start();
    expect(new Set(other).size).toBe(65);
  }, 60_000);

  it('starts at once on an empty topic and still gets what comes later', async () => {
    const topic = uniqueName('compacted-empty');
    await createTopics(brokers, [topic], 2);
    const seen: string[] = [];
    await reader(topic, (r) => seen.push(r.value!.toString())).start();
    await send(topic, 0, 1);
    await waitFor(() => (seen.includes('v0') ? true : undefined), { description: 'the first record' });
  }, 60_000);

  it('fails the start when a record cannot be applied, and is then unhealthy', async () => {
    const topic = uniqueName('compacted-failing');
    await createTopics(brokers, [topic], 1);
    await send(topic, 0, 3);
    const failing = reader(topic, () => {
      throw new Error('cannot apply');
    });
    await expect(failing.start()).rejects.toThrow('cannot apply');
    expect(failing.isHealthy()).toBe(false);
  }, 60_000);
});
