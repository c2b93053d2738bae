import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type Incident } from '@quell/contracts';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { DEAD_LETTER_HEADERS, SimulatedCrash } from '@quell/platform-kafka';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { OPERATOR_KEY, PipelineHarness } from './pipeline-harness';
import { eventually, groupCaughtUp, TopicTail } from './topic-tail';
import { WebhookReceiver } from './webhook-receiver';

const API_KEY = 'e2e-key-acme';
const codec = new AvroCodec();

/** Each host gets its own source address: alerts sharing an entity (the source ip too) join one incident. */
function failedLogin(host: string, user: string, sourceIp = `203.0.113.${[...host].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 250}`) {
  return {
    '@timestamp': new Date().toISOString(),
    event: { category: 'authentication', action: 'ssh_login', outcome: 'failure' },
    host: { name: host },
    user: { name: user },
    source: { ip: sourceIp, port: 40000 },
    message: `Failed password for ${user}`,
  };
}

describe('pipeline end to end over Kafka, Redis and ClickHouse', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `e2e-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const webhook = new WebhookReceiver();
  let harness: PipelineHarness;
  let incidents: TopicTail;
  let deadLetters: TopicTail;
  const kafka = new Kafka({ brokers, clientId: 'e2e-shipper', logLevel: logLevel.NOTHING });
  const shipper = kafka.producer();

  const incidentsFor = (host: string): Incident[] =>
    incidents.records
      .filter((r) => r.key !== 'poison')
      .map((r) => codec.decode(r.value, 'Incident'))
      .filter((i) => i.entities.some((e) => e.type === 'host' && e.value === host));

  async function post(body: unknown, key = API_KEY): Promise<Response> {
    return fetch(`${harness.httpUrl('ingest')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    const webhookUrl = await webhook.start();
    harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl, apiKeys: `acme:${API_KEY}` });
    await harness.startAll();
    incidents = await new TopicTail(brokers, topics.incidents).start();
    deadLetters = await new TopicTail(brokers, topics.deadLetters).start();
    await shipper.connect();
  }, 180_000);

  afterAll(async () => {
    await shipper.disconnect();
    await incidents?.stop();
    await deadLetters?.stop();
    await harness?.stopAll();
    await webhook.stop();
  }, 120_000);

  it('takes an event over HTTP and a raw record from Kafka through all seven stages', async () => {
    const response = await post([failedLogin('web-1', 'bob')]);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { accepted: number; results: { status: string; id: string }[] };
    expect(answer.accepted).toBe(1);
    const eventId = answer.results[0].id;

    await shipper.send({
      topic: topics.ingest,
      acks: -1,
      messages: [{ value: JSON.stringify(failedLogin('db-1', 'carol')), headers: { 'quell.tenant': 'acme' } }],
    });

    const [web] = await eventually(() => (incidentsFor('web-1').length ? incidentsFor('web-1') : undefined), 'incident for web-1');
    const [db] = await eventually(() => (incidentsFor('db-1').length ? incidentsFor('db-1') : undefined), 'incident for db-1');
    expect(web).toMatchObject({ tenant: 'acme', title: 'Failed authentication', status: 'open', version: 1, alertCount: 1 });
    expect(db.tenant).toBe('acme');

    const delivered = await eventually(
      () => (webhook.calls.filter((c) => [web.id, db.id].includes(c.body.incident.id)).length === 2 ? webhook.calls : undefined),
      'two webhook deliveries',
    );
    const call = delivered.find((c) => c.body.incident.id === web.id)!;
    expect(call.body.event).toBe('incident.opened');
    expect(call.headers['idempotency-key']).toBe(`${web.id}:1:incident.opened`);

    const history = new EventHistoryRepository(harness.get('normalizer').infra.clickhouse!, 'quell');
    const stored = await eventually(async () => {
      const rows = await history.findByIds('acme', [eventId]);
      return rows.length === 1 ? rows : undefined;
    }, 'the event in ClickHouse');
    expect(stored[0]).toMatchObject({ id: eventId, tenant: 'acme', host_name: 'web-1', user_name: 'bob' });
  });

  it('answers 401 without a valid key and keeps nothing of the request', async () => {
    const response = await post([failedLogin('nobody', 'x')], 'wrong-key');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ detail: expect.stringMatching(/API key/) });
  });

  it('sends a poison record on any topic to the dead-letter topic and goes on', async () => {
    const poisoned = [topics.raw, topics.events, topics.alerts, topics.alertsScreened, topics.alertsUnique, topics.incidents];
    for (const topic of poisoned) {
      await shipper.send({ topic, acks: -1, messages: [{ key: 'poison', value: Buffer.from('definitely not avro') }] });
    }
    // On the shipper topic any bytes are accepted; text in no known format fails normalization.
    await shipper.send({ topic: topics.ingest, acks: -1, messages: [{ key: 'poison', value: 'not json at all' }] });

    // One letter per poisoned topic: of the events topic's two groups only the correlator dead-letters
    // (the history writer skips and counts it); the unparseable shipper text names the shipper's topic.
    const expectedOrigins = [...poisoned, topics.ingest].sort();
    const letters = await eventually(() => {
      const found = deadLetters.records.filter((r) => r.key === 'poison');
      return found.length >= expectedOrigins.length ? found : undefined;
    }, 'dead letters from every stage');
    expect(letters.map((r) => r.headers[DEAD_LETTER_HEADERS.topic]).sort()).toEqual(expectedOrigins);
    const normalizerLetter = letters.find((r) => r.headers[DEAD_LETTER_HEADERS.stage] === 'handle')!;
    expect(normalizerLetter.headers[DEAD_LETTER_HEADERS.error]).toMatch(/format not recognized/);
    // The shipper's own bytes, not the RawEvent envelope, so an operator can read and replay them.
    expect(normalizerLetter.value.toString()).toBe('not json at all');
    for (const letter of letters) expect(letter.headers[DEAD_LETTER_HEADERS.offset]).toMatch(/^\d+$/);
    // The incident-manager keeps them and lists them to the operator, as the console shows them.
    const listed = await eventually(async () => {
      const answer = await fetch(`${harness.httpUrl('incident-manager')}/v1/dead-letters?limit=500`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
      const page = (await answer.json()) as { items: { key: string | null; origin: { topic: string } | null; reason: string }[] };
      const poison = page.items.filter((item) => item.key === 'poison');
      return poison.length >= expectedOrigins.length ? poison : undefined;
    }, 'the dead letters listed by the incident-manager');
    expect(listed.map((item) => item.origin?.topic).sort()).toEqual(expectedOrigins);

    await post([failedLogin('after-poison', 'dave')]);
    await eventually(() => (incidentsFor('after-poison').length ? true : undefined), 'the pipeline to go on after poison');
  });

  it('loses nothing and duplicates nothing when incident-manager dies after producing, before committing', async () => {
    await harness.stop('incident-manager');
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    await harness.start('incident-manager', async () => {
      crashed();
      throw new SimulatedCrash();
    });

    await post([failedLogin('crash-host', 'eve')]);
    await crash;
    // The incident was published before the crash; the alert's offset was not committed.
    await eventually(() => (incidentsFor('crash-host').length === 1 ? true : undefined), 'incident published before the crash');
    await harness.stop('incident-manager');
    await harness.start('incident-manager');

    // The restarted stage re-reads the alert and publishes the same incident again: one incident, the
    // alert in it once. (Later versions only add the notifier's `notified` entry.)
    const copies = await eventually(() => (incidentsFor('crash-host').length >= 2 ? incidentsFor('crash-host') : undefined), 'the redelivered alert to be handled');
    expect(new Set(copies.map((i) => i.id)).size).toBe(1);
    for (const copy of copies) {
      expect(copy.alertCount).toBe(1);
      expect(copy.timeline.filter((entry) => entry.action === 'opened')).toHaveLength(1);
      expect(copy.timeline.filter((entry) => entry.action === 'alert_added')).toHaveLength(0);
    }
    const opened = copies.filter((i) => i.version === 1);
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(new Set(opened.map((i) => JSON.stringify(i)))).toEqual(new Set([JSON.stringify(opened[0])]));

    const deliveries = () => webhook.calls.filter((c) => c.body.incident.id === copies[0].id);
    await eventually(() => (deliveries().length >= 1 ? true : undefined), 'the webhook delivery');
    // Let the notifier see the second copy too before asserting it did not deliver twice.
    await eventually(
      async () => ((await groupCaughtUp(brokers, `${prefix}-group.notifier`, topics.incidents)) ? true : undefined),
      'the notifier to consume both copies',
    );
    expect(deliveries()).toHaveLength(1);
  });
});
