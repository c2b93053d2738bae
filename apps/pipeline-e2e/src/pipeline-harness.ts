import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type BaseServiceConfig } from '@quell/platform-config';
import type { ConsumerSpec } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import {
  createSharedInfrastructure,
  startServiceApp,
  type ServiceApp,
  type ServiceDefinition,
  type SharedInfrastructure,
} from '@quell/platform-service-kit';
import { changeCalendarService } from '@quell/service-change-calendar';
import { correlatorService } from '@quell/service-correlator';
import { deduperService } from '@quell/service-deduper';
import { incidentManagerService } from '@quell/service-incident-manager';
import { ingestService } from '@quell/service-ingest';
import { normalizerService } from '@quell/service-normalizer';
import { notifierService } from '@quell/service-notifier';

/** An admin key of the incidents API, for the operator's reads (GET /v1/dead-letters). */
export const OPERATOR_KEY = 'e2e-operator-key';

export const SERVICES: ServiceDefinition<BaseServiceConfig>[] = [
  ingestService,
  normalizerService,
  correlatorService,
  changeCalendarService,
  deduperService,
  incidentManagerService,
  notifierService,
];

export interface RunningService {
  definition: ServiceDefinition<BaseServiceConfig>;
  service: ServiceApp;
  infra: SharedInfrastructure;
}

/**
 * All seven services, each with its own clients (as separate processes would have), over a real
 * Kafka broker and a real Redis, with topics, groups and key prefixes unique to one test run.
 * They share one process only because the embedded ClickHouse engine allows one owner per data
 * directory (see DESIGN.md, Testing).
 */
export class PipelineHarness {
  readonly running = new Map<string, RunningService>();
  readonly env: Record<string, string>;

  constructor(options: { brokers: string; redisUrl: string; prefix: string; webhookUrl: string; apiKeys: string }) {
    this.env = {
      BUS: 'kafka',
      KAFKA_BROKERS: options.brokers,
      TOPIC_PREFIX: `${options.prefix}.`,
      KAFKA_GROUP_PREFIX: `${options.prefix}-group`,
      REDIS_URL: options.redisUrl,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-e2e-ch-')),
      INGEST_API_KEYS: options.apiKeys,
      // The change calendar refuses to start without API keys; these tests do not call its API.
      CHANGE_CALENDAR_API_KEYS: `acme:e2e:admin:${randomUUID()}`,
      // The operator's key of the incident-manager's API (dead letters of every tenant).
      INCIDENTS_API_KEYS: `ops:e2e:admin:${OPERATOR_KEY}`,
      NOTIFY_WEBHOOK_URL: options.webhookUrl,
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'warn',
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '50',
    };
  }

  async startAll(): Promise<void> {
    for (const definition of SERVICES) await this.start(definition.name);
  }

  /** Starts service `name`; `replica` names a further instance of it (same consumer groups), e.g. `normalizer-2`. */
  async start(name: string, beforeCommit?: ConsumerSpec['beforeCommit'], replica = name): Promise<RunningService> {
    const definition = SERVICES.find((d) => d.name === name);
    if (!definition) throw new Error(`unknown service ${name}`);
    const config = loadConfig(definition.configSchema, { ...this.env, SERVICE_NAME: name });
    const logger = createLogger({ service: name, level: config.LOG_LEVEL });
    const infra = await createSharedInfrastructure(config, definition.uses, logger);
    const service = await startServiceApp(definition, config, infra, { httpPort: 0, beforeCommit, logger });
    const running = { definition, service, infra };
    this.running.set(replica, running);
    return running;
  }

  async stop(name: string): Promise<void> {
    const running = this.running.get(name);
    if (!running) return;
    this.running.delete(name);
    await running.service.close();
    await running.infra.close();
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.running.keys()]) await this.stop(name);
  }

  get(name: string): RunningService {
    const running = this.running.get(name);
    if (!running) throw new Error(`${name} is not running`);
    return running;
  }

  httpUrl(name: string): string {
    const address = this.get(name).service.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }
}
