import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, emptyEventParts, topicsFor, type Alert, type Event, type Topics } from '@quell/contracts';
import { type ClickHouseClient, createClickHouseClient } from '@quell/platform-clickhouse';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { loadConfig } from '@quell/platform-config';
import type { ConsumerSpec } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { correlatorConfigSchema, correlatorService, WINDOWS_GROUP } from '@quell/service-correlator';
import { groupCaughtUp, TopicTail } from './topic-tail';

// The correlator deployed over the real broker (and Redis), shared by the correlator e2e specs.

export const codec = new AvroCodec();
export const brokers = requireKafkaBrokers();
export const T0 = Date.parse('2026-11-28T10:00:00Z');

export const FAILED_LOGON = `title: Failed logon
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
export const SUCCESSFUL_LOGON = FAILED_LOGON.replace('Failed logon', 'Successful logon')
  .replace('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222')
  .replace('failed_logon', 'successful_logon')
  .replace('outcome: failure', 'outcome: success');
export const BRUTE_FORCE_ID = '33333333-3333-4333-8333-333333333333';
export const bruteForce = (threshold: number) => `title: Brute force from one address
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

/** A failed or successful logon from `ip` at base (T0) + seconds; one host per address, as one shipper per source would send. */
export function logon(outcome: 'failure' | 'success', ip: string, seconds: number, base = T0): Event {
  return {
    ...emptyEventParts(),
    id: randomUUID(), tenant: 'acme', time: base + seconds * 1000, ingestTime: base + seconds * 1000,
    source: { type: 'linux-sshd', name: 'e2e' }, className: 'authentication', classUid: 3002, action: 'logon', outcome,
    severity: 1, host: { name: `host-${ip}`, ip: null }, user: { name: 'root', domain: null }, src: { ip, port: 50000 },
    original: { 'event.outcome': outcome, src_ip: ip },
  };
}

export interface Replica {
  service: ServiceApp;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  /** Window state in Redis (default), or in memory and lost with the replica. */
  redis?: boolean;
  /** More config keys. */
  env?: Record<string, string>;
}

/**
 * One correlator deployment over the real broker and Redis: its own topics, groups, state keys,
 * rules and ClickHouse database, in `clickhouseDir` (the embedded engine binds one data directory
 * per process: every replica of a test file shares it).
 */
export class CorrelatorDeployment {
  readonly prefix = `corr-${randomUUID().slice(0, 8)}`;
  readonly database = `corr_${this.prefix.slice(5)}`;
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly rulesDir = mkdtempSync(join(tmpdir(), 'quell-corr-rules-'));
  private readonly producer = new Kafka({ brokers, clientId: 'e2e-events', logLevel: logLevel.NOTHING }).producer();
  alerts!: TopicTail;

  private history?: ClickHouseClient;

  constructor(
    rules: Record<string, string>,
    private readonly clickhouseDir: string,
  ) {
    for (const [file, text] of Object.entries(rules)) writeFileSync(join(this.rulesDir, file), text);
  }

  async replica(beforeCommit?: ConsumerSpec['beforeCommit'], options: ReplicaOptions = {}): Promise<Replica> {
    const config = loadConfig(correlatorConfigSchema, {
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: `${this.prefix}.`, KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      ...(options.redis === false ? {} : { REDIS_URL: requireRedisUrl() }), RULES_DIR: this.rulesDir, RULES_POLL_INTERVAL_MS: '0',
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn', DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '50',
      CLICKHOUSE_DATA_DIR: this.clickhouseDir, CLICKHOUSE_DATABASE: this.database, ...options.env,
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

  /** Stores events in the deployment's history, as the normalizer's history writer does (after a replica created the table). */
  async remember(events: Event[]): Promise<void> {
    this.history ??= createClickHouseClient({ dataDir: this.clickhouseDir });
    await new EventHistoryRepository(this.history, this.database).insertBatch(events.map(EventHistoryRepository.eventToRow), randomUUID());
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
    await this.history?.close();
  }
}

/** The deployments and replicas of one spec file, in one ClickHouse data directory; `close()` in afterAll stops them all. */
export class CorrelatorFleet {
  private readonly deployments: CorrelatorDeployment[] = [];
  private readonly replicas: Replica[] = [];
  /** The embedded ClickHouse binds one data directory per process: every replica of the file shares it. */
  private readonly clickhouseDir = mkdtempSync(join(tmpdir(), 'quell-corr-ch-'));

  deploy(rules: Record<string, string>): CorrelatorDeployment {
    const deployment = new CorrelatorDeployment(rules, this.clickhouseDir);
    this.deployments.push(deployment);
    return deployment;
  }

  async started(deployment: CorrelatorDeployment, beforeCommit?: ConsumerSpec['beforeCommit'], options?: ReplicaOptions): Promise<Replica> {
    const replica = await deployment.replica(beforeCommit, options);
    this.replicas.push(replica);
    return replica;
  }

  async close(): Promise<void> {
    for (const replica of this.replicas) await replica.stop().catch(() => undefined);
    for (const deployment of this.deployments) await deployment.close();
  }
}
