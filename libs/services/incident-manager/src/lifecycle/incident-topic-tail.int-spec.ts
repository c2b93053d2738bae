import { AvroCodec, emptyIncidentParts, topicsFor, type Incident } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { createKafka, type EventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { requireKafkaBrokers, uniqueName, waitFor } from '@quell/platform-testing';
import { incidentManagerConfigSchema } from '../config';
import { IncidentChanges, type IncidentChange } from './incident-changes';
import { IncidentTopicTail } from './incident-topic-tail';

/** Distributed mode: two replicas, each with its own tail of the incidents topic on the real broker, over either client. */
describe.each(['kafkajs', 'platformatic'])('the live stream’s topic tail (real Kafka, KAFKA_CLIENT=%s)', (client) => {
  // Throws (failing this file with instructions) when KAFKA_BROKERS is unset: never a silent skip.
  const brokers = requireKafkaBrokers();
  const prefix = uniqueName(`incident-tail-${client}`);
  const topics = topicsFor(`${prefix}.`);
  const codec = new AvroCodec();
  const config = loadConfig(incidentManagerConfigSchema, { BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: `${prefix}.`, KAFKA_GROUP_PREFIX: `${prefix}-group`, KAFKA_CLIENT: client, LOG_LEVEL: 'warn' });
  const logger = createLogger({ service: 'incident-manager', level: 'warn' });
  const kafka = createKafka({ brokers, clientId: prefix });
  const producer = kafka.producer();
  const replicas = [0, 1].map(() => {
    const changes = new IncidentChanges();
    const seen: IncidentChange[] = [];
    changes.subscribe((change) => seen.push(change));
    return { changes, seen, tail: new IncidentTopicTail(changes, {} as EventBus, codec, topics, config, logger) };
  });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: topics.incidents, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await producer.connect();
    await Promise.all(replicas.map(async ({ tail }) => {
      await tail.onModuleInit();
      await tail.joined;
    }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map(({ tail }) => tail.onApplicationShutdown()));
    await producer.disconnect();
  });

  it('hands every replica every incident version, whichever partition it is on, and a repeated version once', async () => {
    const versions = ['i-1', 'i-2', 'i-3', 'i-4', 'i-5', 'i-6'].map((id, n) => incident(id, n % 3 === 0 ? 'acme' : 'globex'));
    const again = { ...versions[0] };
    await producer.send({ topic: topics.incidents, messages: [...versions, again, { ...versions[0], version: 2, status: 'acknowledged' }].map((v) => ({ key: v.id, value: codec.encode('Incident', v) })) });
    for (const { seen } of replicas) {
      await waitFor(() => (seen.length >= 7 ? true : undefined), { description: 'seven changes on each replica', timeoutMs: 20_000 });
      expect(seen.map((c) => c.eventId).sort()).toEqual(['i-1@1', 'i-1@2', 'i-2@1', 'i-3@1', 'i-4@1', 'i-5@1', 'i-6@1']);
    }
    // A later version of one incident is on the same partition, so it always follows for a resuming client.
    expect(replicas[1].changes.since('acme', 'i-1@1')?.map((c) => c.eventId)).toContain('i-1@2');
    expect(replicas[1].changes.since('acme', 'i-2@1')).toBeNull();
  }, 30_000);
});

function incident(id: string, tenant: string): Incident {
  return {
    id, tenant, title: id, status: 'open', severity: 'high', priority: 2, services: [], entities: [], alertIds: [], alertCount: 0, firstSeen: 0, lastSeen: 0,
    killChainPhases: [], relatedChangeIds: [], assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
  };
}
