// Probe: how long a change-calendar replica takes to become ready, i.e. to read the compacted
// changes topic whole (CompactedTopicReader) and apply every Change (Avro decode + ChangeIndex
// upsert, what KafkaChangeFeed does at start), beside a pass-through read of the same records
// (same reader, nothing decoded or applied) in the same run, over each Kafka client (KAFKA_CLIENT).
// N changes (a tenth weekly recurring in Europe/Berlin) are published once to a fresh topic on the
// broker. Not a test: it prints.
//
//   source /tmp/quell-dev-infra.env && SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/calendar-rebuild.ts [changes] [rounds]
import { AvroCodec, type Change } from '@quell/contracts';
import { ChangeIndex } from '@quell/calendar';
import { createCompactedTopicReader, createKafka, ensureTopics, KAFKA_CLIENTS, type KafkaClientKind } from '@quell/platform-kafka';

const CHANGES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set (source /tmp/quell-dev-infra.env)');
const logger = { info: () => undefined, warn: () => undefined, error: (o: object, m?: string) => console.error(m, o) };

function changeOf(i: number): Change {
  const start = Date.parse('2026-12-07T01:00:00Z') + (i % 500) * 3_600_000;
  const recurring = i % 10 === 0;
  return {
    id: `chg-${i}`, tenant: `t${i % 5}`, title: `change ${i}`, ticketRef: `CHG${i}`, kind: 'normal', status: 'approved', owner: 'ops', approver: 'cab',
    scope: { hosts: [i % 7 === 0 ? `web-${i % 50}-*` : `host-${i}`], ips: i % 3 === 0 ? [`10.${i % 250}.0.0/16`] : [], services: [`svc-${i % 40}`], tags: [], eventClasses: [], actions: [], rules: [] },
    windows: [{ start, end: start + 2 * 3_600_000, rrule: recurring ? 'FREQ=WEEKLY;BYDAY=SU' : null, timeZone: 'Europe/Berlin', exdates: [] }],
    approvals: [{ by: 'cab', at: start - 86_400_000, decision: 'approved', comment: null }],
    version: 2,
  };
}

async function read(client: KafkaClientKind, topic: string, apply: (value: Buffer) => void): Promise<number> {
  const connection = { brokers, clientId: 'calendar-rebuild-bench' };
  const reader = createCompactedTopicReader(client, connection, { topic, groupPrefix: `bench-${process.pid}`, logger, apply: (r) => r.value && apply(r.value) });
  const started = performance.now();
  await reader.start();
  const ms = performance.now() - started;
  await reader.stop();
  return ms;
}

async function main(): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'calendar-rebuild-bench' });
  const topic = `bench.changes.${process.pid}.${Date.now()}`;
  await ensureTopics(kafka, [{ topic, partitions: 6, configs: { 'cleanup.policy': 'compact' } }]);
  const codec = new AvroCodec();
  const producer = kafka.producer();
  await producer.connect();
  for (let from = 0; from < CHANGES; from += 1_000) {
    const messages = Array.from({ length: Math.min(1_000, CHANGES - from) }, (_, k) => ({ key: `chg-${from + k}`, value: codec.encode('Change', changeOf(from + k)) }));
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  console.log(`${CHANGES} changes on ${topic} (6 partitions); ${ROUNDS} rounds, alternating`);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const client of KAFKA_CLIENTS) {
      let records = 0;
      const passThrough = await read(client, topic, () => void records++);
      const index = new ChangeIndex({ lookbackMs: 24 * 3_600_000, horizonMs: 14 * 24 * 3_600_000 });
      index.rebuild([], Date.parse('2026-12-07T00:00:00Z'));
      const rebuild = await read(client, topic, (bytes) => index.upsert(codec.decode(bytes, 'Change')));
      console.log(`round ${round}, ${client}: pass-through read ${records} records in ${passThrough.toFixed(0)} ms; decode + index rebuild of ${index.size} changes in ${rebuild.toFixed(0)} ms (${(rebuild / passThrough).toFixed(2)}x)`);
    }
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
