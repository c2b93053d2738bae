import { LRUCache } from 'lru-cache';
import type { Alert } from '@quell/contracts';

/** How many alerts are remembered, and for how long: the alerts that incident versions arriving now name. */
export const RECENTLY_STORED_ALERTS = { capacity: 2_000, maxAgeMs: 60_000 };

/**
 * The latest state of the alerts this process's alert history stored lately, by tenant and id, for
 * the OCSF publisher, another consumer group of the same process. A version names alerts its
 * grouping saw a moment ago, so most of them are here; reading them back instead (a FINAL read)
 * took ~40–150 ms of the embedded engine each time in the bench.
 *
 * Only alerts the insert stored are remembered, so what it answers is what a read of the history
 * would: of two states of one alert, the later (last seen, then event and dedup counts, as
 * the history's reads order them). That holds while this process is the one that stores those
 * alerts (their partitions of the unique-alerts topic are its own); after a rebalance another replica
 * may store a later state, so an alert is forgotten after `maxAgeMs`, and the oldest first beyond
 * `capacity`.
 */
export class RecentlyStoredAlerts {
  private readonly alerts: LRUCache<string, Alert>;
  private waiters: (() => void)[] = [];

  constructor(limits = RECENTLY_STORED_ALERTS, now: () => number = Date.now) {
    this.alerts = new LRUCache({ max: limits.capacity, ttl: limits.maxAgeMs, ttlResolution: 0, perf: { now } });
  }

  /** Called once the alert history stored `alerts`. */
  remember(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      const key = keyOf(alert.tenant, alert.id);
      const known = this.alerts.peek(key, { allowStale: true });
      this.alerts.set(key, known && isLater(known, alert) ? known : alert);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Those of `ids` remembered for `tenant`. */
  find(tenant: string, ids: Iterable<string>): Alert[] {
    const found: Alert[] = [];
    for (const id of ids) {
      const known = this.alerts.peek(keyOf(tenant, id));
      if (known) found.push(known);
    }
    return found;
  }

  /** Resolves when alerts are stored next, or after `ms`, whichever comes first. */
  nextStore(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        resolve();
      }, ms);
      this.waiters.push(wake);
    });
  }
}

const keyOf = (tenant: string, id: string) => `${tenant}\u0000${id}`;

/** Whether `known` is a later state than `candidate`, in the order the alert history reads them. */
function isLater(known: Alert, candidate: Alert): boolean {
  if (known.lastSeen !== candidate.lastSeen) return known.lastSeen > candidate.lastSeen;
  if (known.eventCount !== candidate.eventCount) return known.eventCount > candidate.eventCount;
  return (known.dedup?.count ?? 1) > (candidate.dedup?.count ?? 1);
}
