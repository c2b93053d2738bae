import { Kafka, logLevel } from 'kafkajs';
import { createTopics } from '@quell/platform-testing';
import { IngestHarness } from './test/ingest-harness';

describe('shipper topics (names and patterns, each with a format and tenant) against the real broker', () => {
  const harness = new IngestHarness();
  const firewall = `${harness.prefix}.fw`;
  const shippers = [`${harness.prefix}.shipper.a`, `${harness.prefix}.shipper.b`];
  const producer = new Kafka({ clientId: 'shipper-test', brokers: harness.brokers, logLevel: logLevel.NOTHING }).producer();

  beforeAll(async () => {
    // A pattern subscription matches the topics that exist when the consumer starts.
    await createTopics(harness.brokers, [firewall, ...shippers], 1);
    await harness.start({
      INGEST_KAFKA_TOPICS: `${harness.topics.ingest}:json:acme, ${firewall}:cef:globex, /^${harness.prefix}\\.shipper\\..*/:syslog:acme`,
    });
    await producer.connect();
  }, 60_000);
  afterAll(async () => {
    await producer.disconnect();
    await harness.stop();
  }, 30_000);

  it('wraps records of the role topic, a named topic and pattern-matched topics with their declared format and tenant', async () => {
    await producer.send({ topic: harness.topics.ingest, acks: -1, messages: [{ value: '{"message":"role"}', headers: { 'quell.tenant': 'other' } }] });
    await producer.send({ topic: firewall, acks: -1, messages: [{ value: 'CEF:0|Vendor|FW|1.0|100|blocked|5|src=10.0.0.1' }] });
    await producer.send({ topic: shippers[0], acks: -1, messages: [{ value: '<34>Oct 11 22:14:15 mymachine su: bad' }] });
    await producer.send({ topic: shippers[1], acks: -1, messages: [{ value: '<165>1 2003-10-11T22:14:15.003Z h app - - - ok' }] });
    const raws = await harness.waitForRaw(4);
    const by = (topic: string) => raws.find((r) => r.source.name === topic)!;
    expect(by(harness.topics.ingest)).toMatchObject({ tenant: 'acme', format: 'json' });
    expect(by(firewall)).toMatchObject({ tenant: 'globex', format: 'cef', source: { type: 'kafka' } });
    expect(by(shippers[0])).toMatchObject({ tenant: 'acme', format: 'syslog3164' });
    expect(by(shippers[1])).toMatchObject({ tenant: 'acme', format: 'syslog5424' });
    expect(new Set(raws.map((r) => r.id)).size).toBe(raws.length);
  });

  it('answers readiness for the shipper group too, which is outside the transport', async () => {
    const body = (await (await fetch(`${harness.url}/health/ready`)).json()) as { checks: Record<string, unknown> };
    expect(body.checks).toMatchObject({
      [`consumer:${harness.prefix}-group.ingest`]: { status: 'ok' },
      [`consumer:${harness.prefix}-group.ingest.shippers`]: { status: 'ok' },
    });
  });
});
