import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Change } from '@quell/contracts';
import { ChangeIndex } from '@quell/calendar';
import { HealthRegistry } from '@quell/platform-observability';
import { CHANGE_FEED, type ChangeFeed } from './feed/change-feed.port';

export const CALENDAR_CLOCK = Symbol('CALENDAR_CLOCK');

/** Occurrences kept expanded: a day back (related changes, late alerts), two weeks ahead. */
const INDEX_WINDOW = { lookbackMs: 24 * 3_600_000, horizonMs: 14 * 24 * 3_600_000 };

/**
 * This replica's copy of the calendar: the latest version of every change (any status), and the
 * ChangeIndex of the approved ones that screening asks. Filled from the change feed before the
 * service is ready, kept current by it; a write through this replica is applied at once too.
 */
@Injectable()
export class ChangeCalendar implements OnModuleInit, OnApplicationShutdown {
  readonly index = new ChangeIndex(INDEX_WINDOW);
  private readonly latest = new Map<string, Change>();

  constructor(
    @Inject(CHANGE_FEED) private readonly feed: ChangeFeed,
    private readonly health: HealthRegistry,
    @Inject(CALENDAR_CLOCK) private readonly clock: () => number,
  ) {}

  async onModuleInit(): Promise<void> {
    this.index.rebuild([], this.clock());
    // Awaited: the app does not start consuming alerts nor serving until the whole topic is applied.
    await this.feed.follow((change) => this.apply(change));
    this.health.register('change-feed', async () => this.feed.isHealthy());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.stop();
  }

  /** Publishes a new version to every replica, then applies it here (read-your-writes). */
  async save(change: Change): Promise<Change> {
    await this.feed.publish(change);
    this.apply(change);
    return change;
  }

  /** Applies a version; one older than (or as old as) the version held is ignored. */
  apply(change: Change): void {
    const key = keyOf(change.tenant, change.id);
    const current = this.latest.get(key);
    if (current && current.version >= change.version) return;
    this.latest.set(key, change);
    this.index.upsert(change);
  }

  get(tenant: string, id: string): Change | undefined {
    return this.latest.get(keyOf(tenant, id));
  }

  /** Every change of a tenant, latest versions (a scan: for search and overlaps, not per alert). */
  *of(tenant: string): Iterable<Change> {
    for (const change of this.latest.values()) if (change.tenant === tenant) yield change;
  }

  /** Rolls the index's expanded horizon forward (cheap unless half of it has passed). */
  advance(): void {
    this.index.advance(this.clock());
  }

  now(): number {
    return this.clock();
  }
}

const keyOf = (tenant: string, id: string) => `${tenant}\u0000${id}`;
