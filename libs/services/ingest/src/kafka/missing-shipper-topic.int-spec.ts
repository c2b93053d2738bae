import { IngestHarness } from '../test/ingest-harness';

// Both Kafka clients: kafkajs said only "This server does not host this topic-partition".
describe.each(['kafkajs', 'platformatic'])('a shipper topic that does not exist yet (%s)', (client) => {
  const harness = new IngestHarness();
  afterAll(async () => harness.stop(), 30_000);

  it('stops ingest at boot with an error naming INGEST_KAFKA_TOPICS and the missing topic', async () => {
    const missing = `${harness.prefix}.not-created`;
    const error = await harness.start({ KAFKA_CLIENT: client, INGEST_KAFKA_TOPICS: `${missing}:syslog:acme` }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('INGEST_KAFKA_TOPICS');
    expect((error as Error).message).toContain(`"${missing}"`);
    expect((error as Error).message).toContain('create it');
  }, 60_000);
});
