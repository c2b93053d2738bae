// Proves the fault harness's servers: a broker stopped (or killed) and started again answers on the
// same address with everything acknowledged before, and a Redis paused stops answering, then
// answers again; stopped and started with its AOF, it still holds what it acknowledged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createTopics, testKafkaClient } from '../kafka-topics';
import { collectTopic } from '../collect-topic';
import { waitFor } from '../wait-for';
import { createControllableBroker, createControllableRedis } from './infra-tools';

describe('controllable broker and Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quell-controllable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts the broker on the same address with its data, after a stop and after a kill', async () => {
    const broker = await createControllableBroker(join(dir, 'kafka'));
    try {
      await broker.start();
      const brokers = [broker.brokers];
      await createTopics(brokers, ['kept'], 1);
      const producer = testKafkaClient(brokers, 'controllable').producer({ idempotent: true });
      await producer.connect();
      await producer.send({ topic: 'kept', acks: -1, messages: [{ value: 'before the stop' }] });
      await producer.disconnect();

      await broker.stop();
      expect(await broker.pid()).toBeUndefined();
      await broker.start();
      await broker.kill();
      await broker.start();
      expect(broker.brokers).toBe(brokers[0]);

      const kept = await collectTopic(brokers, 'kept');
      const values = await waitFor(() => (kept.messages.length > 0 ? kept.messages.map((m) => m.value?.toString()) : undefined), {
        description: 'the record produced before the restarts',
      });
      expect(values).toEqual(['before the stop']);
      await kept.stop();
    } finally {
      await broker.close();
    }
  }, 120_000);

  it('pauses and resumes Redis, and keeps acknowledged writes across a stop with its AOF', async () => {
    const server = await createControllableRedis(join(dir, 'redis'), 'aof');
    await server.start();
    const client = new Redis(server.url, { maxRetriesPerRequest: null, commandTimeout: 500 });
    try {
      await client.set('window', 'state');
      await server.pause();
      await expect(client.get('window')).rejects.toThrow(/timed out/);
      await server.resume();
      expect(await waitFor(() => client.get('window').catch(() => undefined), { description: 'Redis to answer after SIGCONT' })).toBe('state');

      await server.stop();
      await server.start();
      expect(await waitFor(() => client.get('window').catch(() => undefined), { description: 'Redis to answer after the restart' })).toBe('state');
    } finally {
      client.disconnect();
      await server.close();
    }
  }, 60_000);
});
