import { createServer, type Server } from 'node:http';
import type { Incident } from '@quell/contracts';
import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, serviceUses, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, requireRedisUrl, testKafkaClient, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { notifierConfigSchema } from './config';
import { notifierService } from './notifier.service';

const incident = (id: string): Incident => ({
  id, tenant: 'acme', title: `Incident ${id}`, status: 'open', severity: 'medium', priority: 3,
  services: [], entities: [{ type: 'host', value: 'web-1' }], alertIds: ['a1'], alertCount: 1,
  firstSeen: Date.parse('2026-11-28T10:00:00Z'), lastSeen: Date.parse('2026-11-28T10:05:00Z'), killChainPhases: [],
  relatedChangeIds: [], assignee: null, timeline: [], timelineDropped: 0, version: 1,
});

interface Call {
  id: string;
  status: number;
  idempotencyKey: string;
}

/** A receiver that is down for `down`, fails `flaky`'s first call, and accepts the rest. */
async function startReceiver(calls: Call[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString()) as { incident: { id: string } }).incident.id;
      const seen = calls.filter((c) => c.id === id).length;
      const status = id === 'down' || (id === 'flaky' && seen === 0) ? 503 : 200;
      calls.push({ id, status, idempotencyKey: String(req.headers['idempotency-key']) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, server };
}

async function caughtUp(brokers: string[], groupId: string, topic: string): Promise<true | undefined> {
  const admin = testKafkaClient(brokers, 'notifier-test-admin').admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = ends.every((end) => BigInt(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1') >= BigInt(end.high) || end.high === '0');
    return done ? true : undefined;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The notifier over the real broker and Redis, with a receiver that fails: its retries are
 * durable timers, so the records behind a failing delivery are delivered at once and committed.
 */
describe('notifier webhook retries (durable timers, partition not held)', () => {
  const brokers = requireKafkaBrokers();
  const prefix = uniqueName('notifier-retries');
  const calls: Call[] = [];
  let receiver: Server;
  let infra: SharedInfrastructure;
  let service: ServiceApp;
  let deadLetters: TopicCollector;

  beforeAll(async () => {
    const started = await startReceiver(calls);
    receiver = started.server;
    const config = loadConfig(notifierConfigSchema, {
      BUS: 'kafka',
      KAFKA_BROKERS: brokers.join(','),
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: prefix,
      REDIS_URL: requireRedisUrl(),
      NOTIFY_WEBHOOK_URL: started.url,
      NOTIFY_TIMEOUT_MS: '1000',
      NOTIFY_RETRY_DELAYS_MS: '3000,1000',
      TIMER_LEASE_MS: '5000',
      TIMER_MAX_IDLE_MS: '500',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ service: 'notifier', level: 'silent' });
    infra = await createSharedInfrastructure(config, serviceUses(notifierService, config), logger);
    service = await startServiceApp(notifierService, config, infra, { httpPort: 0, logger });
    deadLetters = await collectTopic(brokers, infra.topics.deadLetters);
  }, 90_000);

  afterAll(async () => {
    await deadLetters?.stop();
    await service?.close();
    await infra?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const publish = (ids: string[]) =>
    // One key: one partition, so the records queue behind each other.
    infra.bus.publish(ids.map((id) => ({ topic: infra.topics.incidents, key: 'one-partition', value: infra.codec.encodable('Incident', incident(id)) })));

  it('delivers past a failing receiver at once, retries it later, and dead-letters it with the reason', async () => {
    await publish(['down', 'ok', 'flaky']);
    await waitFor(() => (calls.some((c) => c.id === 'ok') ? true : undefined), { description: 'the delivery behind the failing one' });
    // Committed while the failing delivery still waits for its first retry.
    await waitFor(() => caughtUp(brokers, `${prefix}.notifier`, infra.topics.incidents), { timeoutMs: 2_500, description: 'the incidents committed' });
    expect(calls.filter((c) => c.id === 'down')).toHaveLength(1);

    await waitFor(() => (deadLetters.messages.length > 0 ? true : undefined), { timeoutMs: 30_000, description: 'the dead letter' });
    expect(calls.filter((c) => c.id === 'down').map((c) => c.status)).toEqual([503, 503, 503]);
    expect(calls.filter((c) => c.id === 'flaky').map((c) => c.status)).toEqual([503, 200]);
    expect(new Set(calls.filter((c) => c.id === 'flaky').map((c) => c.idempotencyKey))).toEqual(new Set(['flaky:1:incident.opened']));
    const [letter] = deadLetters.messages;
    expect(letter.headers[DEAD_LETTER_HEADERS.error]?.toString()).toBe('webhook answered 503');
    expect(letter.headers[DEAD_LETTER_HEADERS.attempts]?.toString()).toBe('3');
    expect(letter.headers[DEAD_LETTER_HEADERS.topic]?.toString()).toBe(infra.topics.incidents);
    expect(infra.codec.decode(letter.value!, 'Incident').id).toBe('down');
  });

  it('sends nothing twice when delivered incidents are replayed', async () => {
    const before = calls.length;
    await publish(['ok', 'flaky']);
    await waitFor(() => caughtUp(brokers, `${prefix}.notifier`, infra.topics.incidents), { description: 'the replay consumed' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls.length).toBe(before);
    expect(calls.filter((c) => c.status === 200).map((c) => c.id).sort()).toEqual(['flaky', 'ok']);
  });
});
