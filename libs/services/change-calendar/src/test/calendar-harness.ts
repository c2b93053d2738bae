import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, emptyEventParts, topicsFor, type Alert, type Event, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import type { EventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { uniqueName } from '@quell/platform-testing';
import { changeCalendarService } from '../change-calendar.service';
import { changeCalendarConfigSchema } from '../config';

/** Keys of the specs: acme has a reader, a writer and an approver (admin); globex a writer. */
export const KEYS = {
  read: 'acme-read-key',
  write: 'acme-write-key',
  admin: 'acme-admin-key',
  otherTenant: 'globex-write-key',
};
/** The acme tenant's webhook secret. */
export const WEBHOOK_SECRET = 'acme-webhook-secret-0123456789';
const KEY_LIST = `acme:reader:read:${KEYS.read},acme:writer:write:${KEYS.write},acme:alice:admin:${KEYS.admin},globex:gw:write:${KEYS.otherTenant}`;

/** One change-calendar instance: over the in-process bus by default, or Kafka with `BUS: 'kafka'`. */
export class CalendarHarness {
  readonly codec = new AvroCodec();
  service!: ServiceApp;
  infra!: SharedInfrastructure;

  /** Instances in one process share the embedded engine's directory (chdb binds one per process). */
  constructor(
    readonly prefix = uniqueName('calendar'),
    private readonly dataDir = mkdtempSync(join(tmpdir(), 'quell-calendar-ch-')),
  ) {}

  get topics(): Topics {
    return topicsFor(`${this.prefix}.`);
  }

  async start(env: Record<string, string> = {}, options: { bus?: EventBus } = {}): Promise<this> {
    const config = loadConfig(changeCalendarConfigSchema, {
      BUS: 'memory',
      TOPIC_PREFIX: `${this.prefix}.`,
      KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      LOG_LEVEL: 'warn',
      CHANGE_CALENDAR_API_KEYS: KEY_LIST,
      CHANGE_MAX_WINDOW_HOURS: '12',
      CHANGE_SEARCH_MAX_LIMIT: '50',
      CHANGE_WEBHOOK_SECRETS: `acme:${WEBHOOK_SECRET}`,
      CLICKHOUSE_DATA_DIR: this.dataDir,
      ...env,
    });
    const logger = createLogger({ service: 'change-calendar', level: config.LOG_LEVEL });
    this.infra = await createSharedInfrastructure(config, { ...changeCalendarService.uses, bus: options.bus }, logger);
    this.service = await startServiceApp(changeCalendarService, config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service.app.getHttpServer().address() as { port: number }).port}`;
  }

  request(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** A raw body (an export, a signed push), with exactly these headers. */
  post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(`${this.url}${path}`, { method: 'POST', headers, body });
  }

  async stop(): Promise<void> {
    await this.service?.close();
    await this.infra?.close();
  }
}

/** A valid draft: fw-01, 01:00–03:00 Europe/Berlin on 2 March 2026. */
export function firewallDraft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Firewall maintenance',
    ticketRef: 'CHG0031',
    owner: 'netops',
    scope: { hosts: ['fw-01'] },
    windows: [{ start: '2026-03-02T01:00:00+01:00', end: '2026-03-02T03:00:00+01:00', timeZone: 'Europe/Berlin' }],
    ...overrides,
  };
}

/** An alert on a host at a time, as the correlator writes it (unscreened). */
export function alertOn(host: string, at: number, id = uniqueName('alert')): Alert {
  const rule = { id: 'fw-rule', title: 'Firewall config changed', version: '1', level: 'medium', author: null, tags: [] };
  const unscreened = { suppression: { state: 'none', changeId: null, reason: null }, dedup: null };
  const context = { tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {} };
  return { id, tenant: 'acme', rule, kind: 'detection', entities: [{ type: 'host', value: host }], fingerprint: id, firstSeen: at, lastSeen: at, eventCount: 1, sampleEventIds: [], ...context, ...unscreened };
}

/** A firewall rule edit on a host by admin, as the normalizer writes it. */
export function ruleEditOn(host: string, at: number): Event {
  return {
    ...emptyEventParts(), id: uniqueName('evt'), tenant: 'acme', time: at, ingestTime: at, source: { type: 'syslog', name: 'fortigate' },
    className: 'config_change', classUid: 5019, action: 'rule_modified', outcome: 'success', host: { name: host, ip: null }, user: { name: 'admin', domain: null },
  };
}
