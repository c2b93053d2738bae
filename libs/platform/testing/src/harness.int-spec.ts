// Proves the harness itself: the global setup's Kafka and Redis are real, reachable servers, and
// the helpers create topics, produce and collect messages against them.
import Redis from 'ioredis';
import { collectTopic, createTopics, requireKafkaBrokers, requireRedisUrl, testKafkaClient, uniqueName, waitFor } from './index';

describe('test harness', () => {
  it('round-trips messages through a fresh topic on the real Kafka broker', async () => {
    const brokers = requireKafkaBrokers();
    const topic = uniqueName('harness');
    await createTopics(brokers, [topic], 3);
    const before = await collectTopic(brokers, topic);
    const producer = testKafkaClient(brokers, 'harness-spec').producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }] });
      const after = await collectTopic(brokers, topic, { fromBeginning: false });
      await producer.send({ topic, messages: [{ key: 'c', value: 'three', headers: { origin: 'spec' } }] });

      const all = await waitFor(async () => (before.messages.length === 3 ? before.messages : undefined), {
        description: 'three messages from the beginning',
      });
      expect(all.map((message) => message.value?.toString()).sort()).toEqual(['one', 'three', 'two']);
      const latest = await waitFor(async () => (after.messages.length > 0 ? after.messages : undefined), {
        description: 'the message produced after the second collector joined',
      });
      expect(latest.map((message) => message.value?.toString())).toEqual(['three']);
      expect(latest[0].headers['origin']?.toString()).toBe('spec');
      await Promise.all([before.stop(), after.stop()]);
    } finally {
      await producer.disconnect();
    }
  });

  it('stores and reads back a key on the real Redis server', async () => {
    const redis = new Redis(requireRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      const key = `${uniqueName('harness')}:greeting`;
      await redis.set(key, 'hello', 'PX', 60000);
      expect(await redis.get(key)).toBe('hello');
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }
  });
});

describe('waitFor', () => {
  it('names what it waited for when time runs out', async () => {
    await expect(waitFor(async () => undefined, { timeoutMs: 50, intervalMs: 10, description: 'nothing' })).rejects.toThrow(
      'timed out after 50 ms waiting for nothing',
    );
  });
});
