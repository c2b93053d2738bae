import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { uniqueName } from '@quell/platform-testing';
import { incidentManagerConfigSchema, incidentManagerService } from '@quell/service-incident-manager';

/** The acme tenant's keys: a reader, and a writer named ann (the actor recorded). */
export const KEYS = { read: 'cli-acme-read-key', write: 'cli-acme-write-key' };

/**
 * The real incident-manager in this process (in-process bus, embedded ClickHouse in a directory of
 * its own), listening on a free port for the CLI; incidents come from alerts, as in production.
 */
export class IncidentManagerServer {
  private service?: ServiceApp;
  private infra?: SharedInfrastructure;

  async start(): Promise<this> {
    const prefix = uniqueName('cli-incidents');
    const config = loadConfig(incidentManagerConfigSchema, {
      BUS: 'memory',
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: `${prefix}-group`,
      LOG_LEVEL: 'warn',
      INCIDENTS_API_KEYS: `acme:reader:read:${KEYS.read},acme:ann:write:${KEYS.write}`,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-cli-incidents-ch-')),
    });
    const logger = createLogger({ service: 'incident-manager', level: config.LOG_LEVEL });
    this.infra = await createSharedInfrastructure(config, incidentManagerService.uses, logger);
    this.service = await startServiceApp(incidentManagerService, config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    return this;
  }

  /** Alerts on the unique-alerts topic, as the deduper publishes them. */
  async publish(...alerts: Alert[]): Promise<void> {
    const { bus, codec, topics } = this.infra!;
    await bus.publish(alerts.map((alert) => ({ topic: topics.alertsUnique, key: alert.fingerprint, value: codec.encodable('Alert', alert) })));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service!.app.getHttpServer().address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.infra?.close();
  }
}
