import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, topicsFor, type Alert, type Event } from '@quell/contracts';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { WINDOWS_GROUP } from '@quell/service-correlator';
import { FAILED_LOGON, SUCCESSFUL_LOGON } from './correlator-deployment';
import { PipelineHarness } from './pipeline-harness';
import { eventually, groupCaughtUp, TopicTail } from './topic-tail';

// Issue 12.5: raw records are keyed by event id, so one tenant's HTTP stream spreads over every raw
// partition and a second normalizer replica takes half of it; the events topic is keyed by host and
// the matches topic by correlation group, so the correlator still sees each group's records on one
// partition and an order-sensitive correlation fires as it would with one replica.

const API_KEY = 'replicas-key-acme';
const codec = new AvroCodec();
const ORDERED_ID = '66666666-6666-4666-8666-666666666666';
const LOGON_AFTER_FAILURES = `title: Logon after a failure from the same address
id: ${ORDERED_ID}
correlation:
  type: temporal_ordered
  rules: [failed_logon, successful_logon]
  group-by: [source.ip]
  timespan: 5m
level: high
`;

const T0 = Date.parse('2026-11-30T08:00:00Z');
const ADDRESSES = 60;
const PER_ADDRESS = 20;

/** One ECS logon from `ip` (its own host) at T0 + 2 s × step: every group spans 38 s, inside the allowed lateness. */
function logon(ip: string, step: number, outcome: 'failure' | 'success') {
  return {
    '@timestamp': new Date(T0 + step * 2000).toISOString(),
    event: { category: 'authentication', action: 'ssh_login', outcome },
    host: { name: `host-${ip.replaceAll('.', '-')}` },
    user: { name: 'root' },
    source: { ip, port: 40000 + step },
    message: `${outcome} logon from ${ip}`,
  };
}

/**
 * A third of the addresses fail 19 times and then log on: the ordered correlation fires. A third log
 * on first: it never fires. The last third fail and then log on too, but their logons are sent in
 * the first request, before any failure: the correlation orders by event time, so it fires for them.
 */
function stream(): { firing: string[]; events: ReturnType<typeof logon>[] } {
  const firing: string[] = [];
  const inOrder: ReturnType<typeof logon>[] = [];
  const sentFirst: ReturnType<typeof logon>[] = [];
  for (let a = 0; a < ADDRESSES; a++) {
    const ip = `198.51.100.${a + 1}`;
    const kind = (['ordered', 'logon-first', 'sent-backwards'] as const)[a % 3];
    if (kind !== 'logon-first') firing.push(ip);
    for (let step = 0; step < PER_ADDRESS; step++) {
      const success = kind === 'logon-first' ? step === 0 : step === PER_ADDRESS - 1;
      (kind === 'sent-backwards' && success ? sentFirst : inOrder).push(logon(ip, step, success ? 'success' : 'failure'));
    }
  }
  // Otherwise in time order across addresses, as one shipper sends: what spreads them is the raw key.
  inOrder.sort((x, y) => x['@timestamp'].localeCompare(y['@timestamp']));
  return { firing, events: [...sentFirst, ...inOrder] };
}

async function rawRecordsIn(url: string, rawTopic: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('quell_records_in_total{') && l.includes(`topic="${rawTopic}"`));
  return Number(line?.split(' ').pop() ?? 0);
}

describe('two normalizer replicas share one tenant over the real broker', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `replicas-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const rulesDir = mkdtempSync(join(tmpdir(), 'quell-replicas-rules-'));
  let harness: PipelineHarness;
  let events: TopicTail;
  let alerts: TopicTail;
  let matches: TopicTail;

  beforeAll(async () => {
    for (const [file, text] of Object.entries({ 'failed.yml': FAILED_LOGON, 'ok.yml': SUCCESSFUL_LOGON, 'ordered.yml': LOGON_AFTER_FAILURES })) writeFileSync(join(rulesDir, file), text);
    harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl: 'http://127.0.0.1:9/unused', apiKeys: `acme:${API_KEY}` });
    Object.assign(harness.env, { KAFKA_TOPIC_DEFAULT_PARTITIONS: '4', NORMALIZER_ROLES: 'normalize', RULES_DIR: rulesDir, RULES_POLL_INTERVAL_MS: '0' });
    await harness.start('ingest');
    for (const replica of ['normalizer', 'normalizer-2']) await (await harness.start('normalizer', undefined, replica)).service.transport.ready();
    await harness.start('correlator');
    await waitForGroupMembers(brokers, `${prefix}-group.normalizer`, 2);
    events = await new TopicTail(brokers, topics.events).start();
    alerts = await new TopicTail(brokers, topics.alerts).start();
    matches = await new TopicTail(brokers, topics.matches).start();
  }, 180_000);

  afterAll(async () => {
    await events?.stop();
    await alerts?.stop();
    await matches?.stop();
    await harness?.stopAll();
  }, 120_000);

  it('both replicas normalize a share, nothing is lost or doubled, and the ordered correlation fires once per ordered group', async () => {
    const { firing, events: sent } = stream();
    const ids: string[] = [];
    for (let i = 0; i < sent.length; i += 200) {
      const response = await fetch(`${harness.httpUrl('ingest')}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify(sent.slice(i, i + 200)),
      });
      expect(response.status).toBe(202);
      ids.push(...((await response.json()) as { results: { id: string }[] }).results.map((r) => r.id));
    }
    expect(new Set(ids).size).toBe(sent.length);

    // Every raw record normalized, once in effect.
    await eventually(() => events.records.length >= sent.length || undefined, 'every event on the events topic', 120_000);
    await eventually(() => groupCaughtUp(brokers, `${prefix}-group.normalizer`, topics.raw), 'the normalizers to commit the raw topic');
    const normalized = events.records.map((r) => ({ partition: r.partition, event: codec.decode(r.value, 'Event') as Event }));
    expect(new Set(normalized.map((n) => n.event.id))).toEqual(new Set(ids));

    // The raw topic's partitions carried the one tenant's stream, and each replica handled a fair share.
    const shares = await Promise.all(['normalizer', 'normalizer-2'].map((r) => rawRecordsIn(harness.httpUrl(r), topics.raw)));
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(sent.length);
    for (const share of shares) expect(share).toBeGreaterThan(sent.length * 0.25);

    // Each host's events sit on one events partition, whichever replica normalized them.
    const partitionsByHost = new Map<string, Set<number>>();
    for (const { partition, event } of normalized) partitionsByHost.set(event.host?.name ?? '', (partitionsByHost.get(event.host?.name ?? '') ?? new Set()).add(partition));
    expect([...partitionsByHost.values()].filter((p) => p.size > 1)).toEqual([]);
    expect(new Set(normalized.map((n) => n.partition)).size).toBeGreaterThan(1);

    // Each correlation group's matches sit on one matches partition: stage 2 sees them in partition order.
    const matchPartitions = new Map<string, Set<number>>();
    for (const r of matches.records) matchPartitions.set(r.key ?? '', (matchPartitions.get(r.key ?? '') ?? new Set()).add(r.partition));
    expect(matchPartitions.size).toBeGreaterThanOrEqual(ADDRESSES);
    expect([...matchPartitions.values()].filter((p) => p.size > 1)).toEqual([]);

    // The order-sensitive correlation: one alert per address that failed before it logged on (by event time), none for the others.
    const fired = () => {
      const byId = new Map<string, Alert>();
      for (const r of alerts.records) {
        const alert = codec.decode(r.value, 'Alert') as Alert;
        if (alert.rule.id === ORDERED_ID) byId.set(alert.id, alert);
      }
      return [...byId.values()];
    };
    await eventually(() => fired().length >= firing.length || undefined, 'an ordered correlation alert per firing address', 120_000);
    await eventually(async () => (await groupCaughtUp(brokers, `${prefix}-group.correlator`, topics.events)) && (await groupCaughtUp(brokers, `${prefix}-group.${WINDOWS_GROUP}`, topics.matches)) || undefined, 'both correlator stages to commit');
    const addressOf = (alert: Alert) => alert.entities.find((e) => e.type === 'ip')?.value;
    expect(fired().map(addressOf).sort()).toEqual([...firing].sort());
    expect(fired().map((a) => a.eventCount)).toEqual(Array(firing.length).fill(PER_ADDRESS));
  }, 300_000);
});

/** Resolves once the group is stable with `count` members (both replicas assigned before the stream starts). */
async function waitForGroupMembers(brokers: string[], groupId: string, count: number): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'replicas-admin', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await eventually(async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return (groups[0]?.state === 'Stable' && groups[0].members.length === count) || undefined;
    }, `${count} members in ${groupId}`);
  } finally {
    await admin.disconnect();
  }
}
