import { LRUCache } from 'lru-cache';

/** A config_change event seen on a host: related-change context for the alerts that follow it. */
export interface ConfigChangeSeen {
  tenant: string;
  /** Lower-cased host name (or the observer that reported its own edit). */
  host: string;
  eventId: string;
  time: number;
  action: string | null;
  actor: string | null;
}

export interface RecentConfigChangesOptions {
  /** Events kept per host, newest by event time. */
  perHost: number;
  /** Hosts kept; the one least recently changed is forgotten first. */
  hosts: number;
  /** Events older than this behind the newest seen are forgotten, ms. */
  retentionMs: number;
}

export const DEFAULT_RECENT_CONFIG_CHANGES: RecentConfigChangesOptions = { perHost: 20, hosts: 50_000, retentionMs: 24 * 3_600_000 };

/** Where screening finds the config_change events seen on an alert's hosts. */
export interface ConfigChangeLog {
  /** Events on these hosts with time in [from, to], newest first. */
  near(tenant: string, hosts: readonly string[], from: number, to: number): ConfigChangeSeen[];
}

/**
 * An in-memory, bounded index per (tenant, host) of recent config_change events. Memory is bounded
 * by `hosts × perHost`; a host changed again moves to the back of the eviction order.
 */
export class RecentConfigChanges implements ConfigChangeLog {
  private readonly byHost: LRUCache<string, ConfigChangeSeen[]>;
  private newest = 0;

  constructor(private readonly options: RecentConfigChangesOptions = DEFAULT_RECENT_CONFIG_CHANGES) {
    this.byHost = new LRUCache({ max: options.hosts });
  }

  /** Records an event; the same event id twice (a replay) is kept once. */
  record(seen: ConfigChangeSeen): void {
    const key = keyOf(seen.tenant, seen.host);
    const kept = this.byHost.peek(key) ?? [];
    if (kept.some((e) => e.eventId === seen.eventId)) return;
    this.newest = Math.max(this.newest, seen.time);
    const oldest = this.newest - this.options.retentionMs;
    const next = [...kept, seen].filter((e) => e.time >= oldest).sort((a, b) => b.time - a.time).slice(0, this.options.perHost);
    if (next.length > 0) this.byHost.set(key, next);
    else this.byHost.delete(key);
  }

  near(tenant: string, hosts: readonly string[], from: number, to: number): ConfigChangeSeen[] {
    return hosts
      .flatMap((host) => this.byHost.peek(keyOf(tenant, host)) ?? [])
      .filter((e) => e.time >= from && e.time <= to)
      .sort((a, b) => b.time - a.time);
  }

  get size(): number {
    return this.byHost.size;
  }
}

const keyOf = (tenant: string, host: string) => `${tenant}\u0000${host}`;
