import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyIncidentParts, type Alert, type Incident } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { IncidentHistoryRepository } from '@quell/platform-incident-history';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { bearerRequest, uniqueName } from '@quell/platform-testing';
import { incidentManagerConfigSchema, type IncidentManagerConfig } from '../../config';
import { IncidentRepository } from '../../incident.repository';
import { incidentManagerService } from '../../incident-manager.service';

/** Keys of the specs: acme has a reader and a writer (named ann, the actor recorded); globex a writer. */
export const KEYS = { read: 'acme-read-key', write: 'acme-write-key', otherTenant: 'globex-write-key' };
const KEY_LIST = `acme:reader:read:${KEYS.read},acme:ann:write:${KEYS.write},globex:gw:write:${KEYS.otherTenant}`;

/** 2026-12-01 10:00 UTC. */
export const T0 = Date.UTC(2026, 11, 1, 10, 0);

export function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id, tenant: 'acme', title: `Incident ${id}`, status: 'open', severity: 'medium', priority: 3, services: [],
    entities: [{ type: 'host', value: 'web-1' }], alertIds: [], alertCount: 0, firstSeen: T0, lastSeen: T0, killChainPhases: [],
    relatedChangeIds: [], assignee: null, timeline: [{ at: T0, actor: 'quell', action: 'opened', detail: null }], ...emptyIncidentParts(),
    timelineDropped: 0, version: 1, ...overrides,
  };
}

/** One incident-manager over the in-process bus and the embedded engine; Redis state when REDIS_URL is given. */
export class IncidentApiHarness {
  service!: ServiceApp;
  infra!: SharedInfrastructure;
  config!: IncidentManagerConfig;
  readonly prefix = uniqueName('incidents');

  constructor(private readonly dataDir = mkdtempSync(join(tmpdir(), 'quell-incidents-ch-'))) {}

  async start(env: Record<string, string> = {}): Promise<this> {
    this.config = loadConfig(incidentManagerConfigSchema, {
      BUS: 'memory',
      TOPIC_PREFIX: `${this.prefix}.`,
      KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      LOG_LEVEL: 'warn',
      INCIDENTS_API_KEYS: KEY_LIST,
      INCIDENT_STREAM_HEARTBEAT_MS: '1000',
      CLICKHOUSE_DATA_DIR: this.dataDir,
      ...env,
    });
    const logger = createLogger({ service: 'incident-manager', level: this.config.LOG_LEVEL });
    this.infra = await createSharedInfrastructure(this.config, incidentManagerService.uses, logger);
    this.service = await startServiceApp(incidentManagerService, this.config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    return this;
  }

  /** Stores incidents as the alert fold would (document store), and their versions in the history as its writer would. */
  async seed(...incidents: Incident[]): Promise<void> {
    const repository = this.service.app.get(IncidentRepository);
    await repository.update(incidents.map((value) => ({ tenant: value.tenant, id: value.id, apply: () => ({ incident: value, changed: true }) })));
    await this.history().recordIncidents(incidents, T0);
  }

  async seedAlerts(...alerts: Alert[]): Promise<void> {
    await this.history().recordAlerts(alerts, T0);
  }

  history(): IncidentHistoryRepository {
    return new IncidentHistoryRepository(this.infra.clickhouse!, this.config.CLICKHOUSE_DATABASE);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service.app.getHttpServer().address() as { port: number }).port}`;
  }

  request(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return bearerRequest(this.url, method, path, key, body, headers);
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.infra?.close();
  }
}
