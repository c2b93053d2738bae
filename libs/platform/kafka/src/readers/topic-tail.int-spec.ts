import { createTopics, requireKafkaBrokers, testKafkaClient, uniqueName, waitFor } from '@quell/platform-testing';
import { createTopicTail, KAFKA_CLIENTS } from '../kafka-bus-factory';
import type { TopicTail } from './topic-tail.port';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.each(KAFKA_CLIENTS)('TopicTail over the real broker (KAFKA_CLIENT=%s)', (client) => {
  const brokers = requireKafkaBrokers();
  const producer = testKafkaClient(brokers, `tail-producer-${client}`).producer();
  const tails: TopicTail[] = [];

  beforeAll(() => producer.connect());
  afterAll(async () => {
    for (const tail of tails) await tail.stop();
    await producer.disconnect();
  });

  async function tailOf(topic: string, seen: string[]): Promise<TopicTail> {
    const tail = createTopicTail(client, { brokers, clientId: `tail-${client}` }, { topic, groupId: uniqueName('tail'), handle: (records) => seen.push(...records.map((r) => r.value!.toString())), logger });
    tails.push(tail);
    await tail.start();
    await tail.reading;
    return tail;
  }

  const send = (topic: string, values: string[]) => producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });

  it('hands every replica what is published once it reads, on every partition, and nothing from before', async () => {
    const topic = uniqueName('tail');
    await createTopics(brokers, [topic], 3);
    await send(topic, ['before-1', 'before-2']);
    const replicas = [[], []] as string[][];
    await Promise.all(replicas.map((seen) => tailOf(topic, seen)));
    const after = Array.from({ length: 9 }, (_, i) => `after-${i}`);
    await send(topic, after);
    for (const seen of replicas) {
      await waitFor(() => (seen.length >= after.length ? true : undefined), { description: 'every record published after the start', timeoutMs: 20_000 });
      expect([...seen].sort()).toEqual([...after].sort());
    }
  }, 60_000);
});
