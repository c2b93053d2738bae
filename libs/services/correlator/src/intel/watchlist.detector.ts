import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Alert, Event } from '@quell/contracts';
import { intelAlertOf } from '@quell/intel';
import type { EventDetector } from '../extensions';
import { WATCHLIST_SOURCE } from './intel.tokens';
import type { WatchlistSource } from './watchlist-directory';
import { WatchlistMetrics } from './watchlist.metrics';

/**
 * Stage-1 detector for the correlator's EVENT_DETECTORS: each event against the watchlists in
 * force, one intel alert per (list, indicator) of the event (the same indicator found in two
 * fields gives the same alert id, so only the first is kept).
 */
@Injectable()
export class WatchlistDetector implements EventDetector {
  readonly name = 'intel';

  constructor(
    @Inject(WATCHLIST_SOURCE) private readonly source: WatchlistSource,
    @Optional() private readonly metrics?: WatchlistMetrics,
  ) {}

  async detect(events: readonly Event[]): Promise<Alert[]> {
    const index = this.source.current();
    // No watchlist loaded (the default): nothing can match, so no event's observables are gathered.
    if (index.size === 0) return [];
    const alerts: Alert[] = [];
    for (const event of events) {
      const ids = new Set<string>();
      for (const hit of index.matchEvent(event)) {
        const alert = intelAlertOf(event, hit);
        if (ids.has(alert.id)) continue;
        ids.add(alert.id);
        alerts.push(alert);
        this.metrics?.hits.inc({ list: hit.list });
      }
    }
    return alerts;
  }
}
