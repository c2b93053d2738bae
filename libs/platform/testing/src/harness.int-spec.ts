import { Kafka, logLevel } from 'kafkajs';
import Redis from 'ioredis';
import { requireKafkaBrokers, requireRedisUrl, uniqueName, waitFor } from './index';

describe('test infrastructure', () => {
  it('has a real Kafka broker that takes and gives back a record', async () => {
    const kafka = new Kafka({ brokers: requireKafkaBrokers(), clientId: 'harness', logLevel: logLevel.NOTHING });
    const topic = uniqueName('harness');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'hello' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('harness-group') });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => (seen.length ? seen : undefined), { description: 'the record' });
    await consumer.disconnect();
    expect(seen).toEqual(['hello']);
  });

  it('has a real Redis server', async () => {
    const redis = new Redis(requireRedisUrl());
    const key = uniqueName('harness');
    await redis.set(key, 'v', 'PX', 10_000);
    expect(await redis.get(key)).toBe('v');
    await redis.quit();
  });
});
