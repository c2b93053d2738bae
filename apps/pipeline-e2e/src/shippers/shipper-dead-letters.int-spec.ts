import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { topicsFor } from '@quell/contracts';
import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { collectTopic, createTopics, requireKafkaBrokers, requireRedisUrl, waitFor, type TopicCollector } from '@quell/platform-testing';
import { PipelineHarness } from '../pipeline-harness';

/**
 * Dead letters as a shipper's operator meets them, over the real broker with ingest, the normalizer
 * (normalize and history roles) and the correlator: one dead letter per bad record, whichever
 * groups read its topic, and an unwrapped one naming the shipper's topic as its origin.
 */
describe('dead letters of shipper records and of the shared events topic', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `dlq-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const shipperTopic = `${prefix}.fw-cef`;
  const kafka = new Kafka({ brokers, clientId: 'dlq-test', logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const admin = kafka.admin();
  const harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl: 'http://127.0.0.1:9/none', apiKeys: 'acme:k' });
  let deadLetters: TopicCollector;

  beforeAll(async () => {
    await createTopics(brokers, [shipperTopic], 1);
    harness.env['INGEST_KAFKA_TOPICS'] = `${shipperTopic}:cef:acme`;
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.start(name);
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.get(name).service.transport.ready();
    deadLetters = await collectTopic(brokers, topics.deadLetters);
    await producer.connect();
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await admin.disconnect();
    await deadLetters?.stop();
    await harness.stopAll();
  }, 60_000);

  /** The offset the group has committed on partition 0 of the topic (-1 when none). */
  async function committed(groupId: string, topic: string): Promise<number> {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
  }

  it('an undecodable record on the events topic is dead-lettered once, though two groups read it', async () => {
    const [{ baseOffset }] = await producer.send({ topic: topics.events, acks: -1, messages: [{ key: 'h', value: 'not avro', partition: 0 }] });
    const poison = Number(baseOffset);
    // Both groups must have moved past it before counting: the second copy came from whichever was slower.
    await waitFor(async () => ((await committed(`${prefix}-group.correlator`, topics.events)) > poison ? true : undefined), { timeoutMs: 30_000, description: 'correlator past the record' });
    await waitFor(async () => ((await committed(`${prefix}-group.history-writer`, topics.events)) > poison ? true : undefined), { timeoutMs: 30_000, description: 'history writer past the record' });
    const letters = deadLetters.messages.filter((m) => m.headers[DEAD_LETTER_HEADERS.topic]?.toString() === topics.events);
    expect(letters).toHaveLength(1);
    expect(letters[0].value?.toString()).toBe('not avro');
    expect(letters[0].headers[DEAD_LETTER_HEADERS.groupId]?.toString()).toBe(`${prefix}-group.correlator`);
  }, 60_000);

  it("a shipper record the normalizer cannot parse is dead-lettered as the shipper's bytes with the shipper's topic as origin", async () => {
    const line = 'this is not CEF';
    const [{ baseOffset }] = await producer.send({ topic: shipperTopic, acks: -1, messages: [{ value: line }] });
    const letter = await waitFor(() => deadLetters.messages.find((m) => m.value?.toString() === line), { timeoutMs: 30_000, description: 'the dead letter' });
    const header = (name: string) => letter.headers[name]?.toString();
    expect(header(DEAD_LETTER_HEADERS.topic)).toBe(shipperTopic);
    expect(header(DEAD_LETTER_HEADERS.partition)).toBe('0');
    expect(header(DEAD_LETTER_HEADERS.offset)).toBe(baseOffset);
    expect(header(DEAD_LETTER_HEADERS.viaTopic)).toBe(topics.raw);
    expect(header(DEAD_LETTER_HEADERS.unwrapped)).toBe('true');
    expect(header(DEAD_LETTER_HEADERS.error)).toMatch(/CEF/i);
    // Its tenant, so the all-in-one's inbox lists it for acme and a replay is wrapped as acme's again.
    expect(header('quell.tenant')).toBe('acme');
  }, 60_000);
});
