import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type Alert, type Event, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { SimulatedCrash, type ConsumerSpec } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { correlatorConfigSchema, correlatorService, WINDOWS_GROUP } from '@quell/service-correlator';
import { eventually, groupCaughtUp, TopicTail } from './topic-tail';

const codec = new AvroCodec();
const brokers = requireKafkaBrokers();
const T0 = Date.parse('2026-11-28T10:00:00Z');

const FAILED_LOGON = `title: Failed logon
id: 11111111-1111-4111-8111-111111111111
name: failed_logon
author: Test Author
tags: [attack.credential-access, attack.t1110]
logsource: { category: authentication }
detection:
  selection: { event.outcome: failure }
  condition: selection
level: low
`;
const SUCCESSFUL_LOGON = FAILED_LOGON.replace('Failed logon', 'Successful logon')
  .replace('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222')
  .replace('failed_logon', 'successful_logon')
  .replace('outcome: failure', 'outcome: success');
const BRUTE_FORCE_ID = '33333333-3333-4333-8333-333333333333';
const bruteForce = (threshold: number) => `title: Brute force from one address
id: ${BRUTE_FORCE_ID}
author: Correlation Author
tags: [attack.credential-access, attack.t1110.001]
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [src_ip]
  timespan: 5m
  condition: { gte: ${threshold} }
level: high
`;

/** A failed or successful logon from `ip` at T0 + seconds; one host per address, as one shipper per source would send. */
function logon(outcome: 'failure' | 'success', ip: string, seconds: number): Event {
  return {
    id: randomUUID(), tenant: 'acme', time: T0 + seconds * 1000, ingestTime: T0 + seconds * 1000,
    source: { type: 'linux-sshd', name: 'e2e' }, className: 'authentication', classUid: 3002, action: 'logon', outcome,
    severity: 1, host: { name: `host-${ip}`, ip: null }, user: { name: 'root', domain: null }, src: { ip, port: 50000 }, dst: null,
    process: null, service: null, message: null, tags: [], original: { 'event.outcome': outcome, src_ip: ip }, rawText: null,
    attackTechniques: [], late: false, parseWarnings: [],
  };
}

/** A detection rule on the event's `original.stage`, tagged with one ATT&CK tactic. */
const stageRule = (n: number, stage: string, tactic: string) => `title: Stage ${stage}
id: 5555555${n}-5555-4555-8555-555555555555
tags: [attack.${tactic}]
logsource: { category: authentication }
detection:
  selection: { stage: ${stage} }
  condition: selection
level: medium
`;

/** A logon on one host with no user, so that only the host's kill chain moves. */
const stageEvent = (stage: string, seconds: number): Event => ({ ...logon('success', '192.0.2.50', seconds), user: null, original: { stage } });

/** The embedded ClickHouse (anomaly history) binds one data directory per process: every replica here shares it. */
const CLICKHOUSE_DIR = mkdtempSync(join(tmpdir(), 'quell-corr-ch-'));

interface Replica {
  service: ServiceApp;
  stop(): Promise<void>;
}

/** One correlator deployment over the real broker and Redis: its own topics, groups, state keys and rules. */
class CorrelatorDeployment {
  readonly prefix = `corr-${randomUUID().slice(0, 8)}`;
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly rulesDir = mkdtempSync(join(tmpdir(), 'quell-corr-rules-'));
  private readonly producer = new Kafka({ brokers, clientId: 'e2e-events', logLevel: logLevel.NOTHING }).producer();
  alerts!: TopicTail;

  constructor(rules: Record<string, string>) {
    for (const [file, text] of Object.entries(rules)) writeFileSync(join(this.rulesDir, file), text);
  }

  async replica(beforeCommit?: ConsumerSpec['beforeCommit']): Promise<Replica> {
    const config = loadConfig(correlatorConfigSchema, {
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: `${this.prefix}.`, KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      REDIS_URL: requireRedisUrl(), RULES_DIR: this.rulesDir, RULES_POLL_INTERVAL_MS: '0', LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
      DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '50', CLICKHOUSE_DATA_DIR: CLICKHOUSE_DIR,
    });
    const logger = createLogger({ service: 'correlator', level: config.LOG_LEVEL });
    const infra: SharedInfrastructure = await createSharedInfrastructure(config, correlatorService.uses, logger);
    const service = await startServiceApp(correlatorService, config, infra, { httpPort: 0, beforeCommit, logger });
    await service.transport.ready();
    this.alerts ??= await new TopicTail(brokers, this.topics.alerts).start();
    return {
      service,
      stop: async () => {
        await service.close();
        await infra.close();
      },
    };
  }

  async send(events: Event[]): Promise<void> {
    await this.producer.connect();
    await this.producer.send({ topic: this.topics.events, acks: -1, messages: events.map((e) => ({ key: e.host?.name ?? null, value: codec.encode('Event', e) })) });
  }

  decodedAlerts(): Alert[] {
    return this.alerts.records.map((r) => codec.decode(r.value, 'Alert'));
  }

  /** True once both stages have committed everything on their input topics. */
  async caughtUp(): Promise<boolean> {
    return (
      (await groupCaughtUp(brokers, `${this.prefix}-group.correlator`, this.topics.events)) &&
      (await groupCaughtUp(brokers, `${this.prefix}-group.${WINDOWS_GROUP}`, this.topics.matches))
    );
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.alerts?.stop();
  }
}

describe('correlator windows over Kafka and Redis', () => {
  const deployments: CorrelatorDeployment[] = [];
  const replicas: Replica[] = [];

  afterAll(async () => {
    for (const replica of replicas) await replica.stop().catch(() => undefined);
    for (const deployment of deployments) await deployment.close();
  }, 120_000);

  async function started(deployment: CorrelatorDeployment, beforeCommit?: ConsumerSpec['beforeCommit']): Promise<Replica> {
    const replica = await deployment.replica(beforeCommit);
    replicas.push(replica);
    return replica;
  }

  it('fires a correlation exactly once when the correlator is killed in the middle of the window and restarted', async () => {
    const deployment = new CorrelatorDeployment({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(4) });
    deployments.push(deployment);
    const ip = '203.0.113.7';

    // Two matches in, committed.
    const first = await started(deployment);
    await deployment.send([logon('failure', ip, 0), logon('failure', ip, 10)]);
    await eventually(() => deployment.caughtUp(), 'the first two matches to be committed');
    await first.stop();

    // The third match: its window state is written, then the process dies before the commit.
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    const dying = await started(deployment, async ({ topic }) => {
      if (topic !== deployment.topics.matches) return;
      crashed();
      throw new SimulatedCrash();
    });
    await deployment.send([logon('failure', ip, 20)]);
    await crash;
    await dying.stop();

    // A new process replays the uncommitted match; the rest of the window follows.
    await started(deployment);
    await deployment.send([logon('failure', ip, 30), logon('failure', ip, 40)]);
    const correlations = () => deployment.decodedAlerts().filter((a) => a.kind === 'correlation');
    await eventually(() => correlations().some((a) => a.eventCount === 5), 'the opening alert and its update');
    await eventually(() => deployment.caughtUp(), 'both stages to commit everything');

    const alerts = correlations();
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    expect(alerts[0]).toMatchObject({ rule: { id: BRUTE_FORCE_ID, author: 'Correlation Author' }, eventCount: 4, firstSeen: T0 + 30_000 });
    expect(alerts.map((a) => a.eventCount)).toEqual([4, 5]);
  });

  it('escalates a host once after three tactics, with the kill-chain progress kept across a restart', async () => {
    const deployment = new CorrelatorDeployment({
      'access.yml': stageRule(1, 'access', 'initial-access'),
      'run.yml': stageRule(2, 'run', 'execution'),
      'stay.yml': stageRule(3, 'stay', 'persistence'),
    });
    deployments.push(deployment);
    const first = await started(deployment);
    await deployment.send([stageEvent('access', 0), stageEvent('run', 60)]);
    await eventually(async () => (await deployment.caughtUp()) && deployment.decodedAlerts().length === 2, 'two detections, committed');
    await first.stop();

    await started(deployment);
    await deployment.send([stageEvent('stay', 3600)]);
    const escalations = () => deployment.decodedAlerts().filter((a) => a.rule.id === 'quell.killchain.host');
    await eventually(() => escalations().length > 0, 'the kill-chain alert', 60_000);
    await eventually(() => deployment.caughtUp(), 'both stages to commit everything');
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]).toMatchObject({ tactics: ['initial-access', 'execution', 'persistence'], entities: [{ type: 'host', value: 'host-192.0.2.50' }] });
    expect(escalations()[0].explanation).toContain('initial-access (Stage access');
  });

  it('raises the same alerts with two replicas in one group (joining mid-window) as with one', async () => {
    const rules = { 'failed.yml': FAILED_LOGON, 'ok.yml': SUCCESSFUL_LOGON, 'brute.yml': bruteForce(3) };
    const addresses = Array.from({ length: 8 }, (_, i) => `198.51.100.${i + 1}`);
    const early = addresses.flatMap((ip, i) => [logon('failure', ip, i), logon('failure', ip, 10 + i)]);
    const late = addresses.flatMap((ip, i) => [logon('failure', ip, 20 + i), logon('failure', ip, 30 + i), logon('success', ip, 40 + i)]);

    const summary = (deployment: CorrelatorDeployment) => {
      const final = new Map<string, string>();
      for (const a of deployment.decodedAlerts()) {
        const seen = final.get(a.id);
        const count = Math.max(a.eventCount, Number(seen?.split(' ')[2] ?? 0));
        final.set(a.id, `${a.kind} ${a.rule.id} ${count}`);
      }
      return [...final.entries()].map(([id, what]) => `${id} ${what}`).sort();
    };

    const single = new CorrelatorDeployment(rules);
    deployments.push(single);
    await started(single);
    await single.send(early);
    await single.send(late);

    const pair = new CorrelatorDeployment(rules);
    deployments.push(pair);
    await started(pair);
    await pair.send(early);
    await eventually(() => pair.caughtUp(), 'the first half on one replica');
    // The second replica joins: the group rebalances with every window half full.
    await started(pair);
    await pair.send(late);

    const expected = addresses.length * 2;
    for (const deployment of [single, pair]) {
      await eventually(async () => (await deployment.caughtUp()) && summary(deployment).length === expected, 'every alert', 90_000);
    }
    // Let the last updates land before comparing final counts.
    await eventually(() => summary(single).filter((s) => s.endsWith(' 4')).length === addresses.length, 'final counts on one replica');
    await eventually(() => summary(pair).filter((s) => s.endsWith(' 4')).length === addresses.length, 'final counts on two replicas');
    expect(summary(pair)).toEqual(summary(single));
    expect(summary(single).filter((s) => s.includes(' correlation ')).length).toBe(addresses.length);
  });
});
