import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Event } from '@quell/contracts';
import { RecentConfigChanges, type ConfigChangeLog, type ConfigChangeSeen } from '@quell/calendar';
import { EVENT_HISTORY, type EventHistory } from '@quell/platform-event-history';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { CALENDAR_CLOCK } from '../change-calendar';
import type { ChangeCalendarConfig } from '../config';
import { actorOf, hostOf } from '../governance/governance-alert';

/** Most edits one read of the history brings in (the newest first). */
const MAX_EDITS_PER_READ = 100_000;

interface EditRow {
  id: string;
  tenant: string;
  host: string;
  at: string;
  action: string;
  actor: string;
}

/**
 * The config_change events seen per host, for the related changes of the alerts that follow
 * (RecentConfigChanges: bounded, in memory). Fed by this replica's governance consumer at once, and
 * from the event history: the lookback at start, then every CHANGE_CONFIG_EDITS_REFRESH_MS, so a
 * replica also learns the edits another replica's share of the config-changes topic carried (later, by the
 * history writer's delay). A replayed event is kept once.
 */
@Injectable()
export class ConfigChangeMemory implements ConfigChangeLog, OnModuleInit, OnApplicationShutdown {
  private readonly edits = new RecentConfigChanges();
  private timer?: NodeJS.Timeout;
  private readFrom = 0;

  constructor(
    @Inject(EVENT_HISTORY) private readonly history: EventHistory | null,
    @Inject(SERVICE_CONFIG) private readonly config: ChangeCalendarConfig,
    @Inject(CALENDAR_CLOCK) private readonly clock: () => number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.history) return;
    this.readFrom = this.clock() - this.config.CHANGE_RELATED_LOOKBACK_MS;
    await this.refresh();
    const every = this.config.CHANGE_CONFIG_EDITS_REFRESH_MS;
    if (every > 0) this.timer = setInterval(() => void this.refresh().catch((error: Error) => this.logger.warn({ err: error }, 'config_change history read failed; retried at the next refresh')), every);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  see(event: Event): void {
    const host = hostOf(event);
    if (host) this.edits.record({ tenant: event.tenant, host, eventId: event.id, time: event.time, action: event.action, actor: actorOf(event) });
  }

  near(tenant: string, hosts: readonly string[], from: number, to: number): ConfigChangeSeen[] {
    return this.edits.near(tenant, hosts, from, to);
  }

  /** Reads the edits stored since the last read, less the settle time the history writer may lag by. */
  async refresh(): Promise<void> {
    if (!this.history) return;
    const now = this.clock();
    const from = this.readFrom - this.config.CHANGE_WINDOW_CLOSE_SETTLE_MS;
    const rows = await this.history.select<EditRow>(
      (table) => `SELECT id, tenant,
          lower(if(host_name != '', host_name, observer_hostname)) AS host,
          toString(toUnixTimestamp64Milli(time)) AS at,
          action,
          if(user_name != '', if(user_domain != '', concat(user_domain, '\\\\', user_name), user_name), process_name) AS actor
        FROM ${table}
        WHERE class_name = 'config_change' AND time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND (host_name != '' OR observer_hostname != '')
        ORDER BY time DESC
        LIMIT {limit:UInt32}`,
      { from, limit: MAX_EDITS_PER_READ },
    );
    for (const row of rows) {
      this.edits.record({ tenant: row.tenant, host: row.host, eventId: row.id, time: Number(row.at), action: row.action || null, actor: row.actor || null });
    }
    this.readFrom = now;
  }
}
