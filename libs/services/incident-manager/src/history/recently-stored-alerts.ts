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
  private readonly alerts = new Map<string, { alert: Alert; storedAt: number }>();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly limits = RECENTLY_STORED_ALERTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called once the alert history stored `alerts`. */
  remember(alerts: readonly Alert[]): void {
    const storedAt = this.now();
    for (const alert of alerts) {
      const key = keyOf(alert.tenant, alert.id);
      const known = this.alerts.get(key);
      // Deleted first, so that it moves to the end: the map's order is the order of forgetting.
      this.alerts.delete(key);
      this.alerts.set(key, { alert: known && isLater(known.alert, alert) ? known.alert : alert, storedAt });
    }
    for (const [key, { storedAt: at }] of this.alerts) {
      if (this.alerts.size <= this.limits.capacity && !this.tooOld(at)) break;
      this.alerts.delete(key);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Those of `ids` remembered for `tenant`. */
  find(tenant: string, ids: Iterable<string>): Alert[] {
    const found: Alert[] = [];
    for (const id of ids) {
      const known = this.alerts.get(keyOf(tenant, id));
      if (known && !this.tooOld(known.storedAt)) found.push(known.alert);
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

  private tooOld(storedAt: number): boolean {
    return this.now() - storedAt > this.limits.maxAgeMs;
  }
}

const keyOf = (tenant: string, id: string) => `${tenant}\u0000${id}`;

/** Whether `known` is a later state than `candidate`, in the order the alert history reads them. */
function isLater(known: Alert, candidate: Alert): boolean {
  if (known.lastSeen !== candidate.lastSeen) return known.lastSeen > candidate.lastSeen;
  if (known.eventCount !== candidate.eventCount) return known.eventCount > candidate.eventCount;
  return (known.dedup?.count ?? 1) > (candidate.dedup?.count ?? 1);
}
