import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type Alert, type Incident } from '@quell/contracts';
import { recordedOccurrences } from '@quell/incidents';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { PipelineHarness } from './pipeline-harness';
import { eventually, groupCaughtUp, TopicTail } from './topic-tail';
import { WebhookReceiver } from './webhook-receiver';

const codec = new AvroCodec();
const REPEATS = 1000;
const START = Date.UTC(2026, 11, 2, 9, 0);

/** One copy of a storm: same rule and host (one fingerprint), its own id, one second of event time after the previous. */
function copy(i: number): Alert {
  const at = START + i * 1000;
  return {
    id: `storm-${i}`, tenant: 'acme', rule: { id: 'r-brute', title: 'Failed logons', version: null, level: 'high', author: null, tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'storm-host' }], fingerprint: 'fp-storm', firstSeen: at, lastSeen: at,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

describe('a storm of one alert through deduper, incident-manager and notifier over Kafka and Redis', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `storm-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const webhook = new WebhookReceiver();
  const producer = new Kafka({ brokers, clientId: 'storm-producer', logLevel: logLevel.NOTHING }).producer();
  let harness: PipelineHarness;
  let incidents: TopicTail;

  beforeAll(async () => {
    const webhookUrl = await webhook.start();
    harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl, apiKeys: `acme:${randomUUID()}` });
    for (const name of ['deduper', 'incident-manager', 'notifier']) await harness.start(name);
    incidents = await new TopicTail(brokers, topics.incidents).start();
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await incidents?.stop();
    await harness?.stopAll();
    await webhook.stop();
  }, 120_000);

  it(`makes ${REPEATS} copies one incident whose lastSeen is the last copy's and whose alert counts ${REPEATS}, paged once`, async () => {
    // Sent in ten sends so the deduper and the incident-manager see the storm over several batches.
    for (let i = 0; i < REPEATS; i += 100) {
      const chunk = Array.from({ length: 100 }, (_, j) => copy(i + j));
      await producer.send({ topic: topics.alertsScreened, messages: chunk.map((a) => ({ key: a.fingerprint, value: codec.encode('Alert', a) })) });
    }
    const published = (): Incident[] => incidents.records.map((r) => codec.decode(r.value, 'Incident'));
    const latest = await eventually(() => published().find((i) => i.lastSeen === copy(REPEATS - 1).lastSeen), 'the incident to reach the last copy', 120_000);

    expect(new Set(published().map((i) => i.id))).toEqual(new Set([latest.id]));
    expect(latest).toMatchObject({ alertIds: ['storm-0'], alertCount: 1, firstSeen: START, lastSeen: START + (REPEATS - 1) * 1000 });
    expect(recordedOccurrences(latest, 'storm-0')).toBe(REPEATS);
    // Bounded: the opening entry, the priority's reason and the one repeats entry, however many updates the storm made.
    // The page's outcome ('notified', once) lands before or after the storm's last copy depending on the machine's load.
    const actions = latest.timeline.map((entry) => entry.action);
    expect(actions.filter((action) => action !== 'notified')).toEqual(['opened', 'prioritized', 'alert_repeated']);
    expect(actions.filter((action) => action === 'notified').length).toBeLessThanOrEqual(1);
    // Versions only grow along the topic (one per incident-manager batch that changed something).
    const versions = published().map((i) => i.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    await eventually(
      async () => ((await groupCaughtUp(brokers, `${prefix}-group.notifier`, topics.incidents)) ? true : undefined),
      'the notifier to consume every incident version',
    );
    expect(webhook.calls.map((call) => [call.body.event, call.body.incident.id, call.body.incident.version])).toEqual([['incident.opened', latest.id, 1]]);
  }, 180_000);
});
