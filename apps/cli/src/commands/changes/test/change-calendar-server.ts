import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { uniqueName } from '@quell/platform-testing';
import { changeCalendarConfigSchema, changeCalendarService } from '@quell/service-change-calendar';

/** The acme tenant's keys: a reader, a writer and an approver (admin) named alice. */
export const KEYS = { read: 'cli-acme-read-key', write: 'cli-acme-write-key', admin: 'cli-acme-admin-key' };

/**
 * The real change-calendar service in this process (in-process bus, embedded ClickHouse in a
 * directory of its own, chdb binding one per process), listening on a free port for the CLI.
 */
export class ChangeCalendarServer {
  private service?: ServiceApp;
  private infra?: SharedInfrastructure;

  async start(): Promise<this> {
    const prefix = uniqueName('cli-calendar');
    const config = loadConfig(changeCalendarConfigSchema, {
      BUS: 'memory',
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: `${prefix}-group`,
      LOG_LEVEL: 'warn',
      CHANGE_CALENDAR_API_KEYS: `acme:reader:read:${KEYS.read},acme:writer:write:${KEYS.write},acme:alice:admin:${KEYS.admin}`,
      CHANGE_MAX_WINDOW_HOURS: '12',
      // Small pages, so that listing goes through the cursor.
      CHANGE_SEARCH_MAX_LIMIT: '2',
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-cli-calendar-ch-')),
    });
    const logger = createLogger({ service: 'change-calendar', level: config.LOG_LEVEL });
    this.infra = await createSharedInfrastructure(config, changeCalendarService.uses, logger);
    this.service = await startServiceApp(changeCalendarService, config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service!.app.getHttpServer().address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.infra?.close();
  }
}
