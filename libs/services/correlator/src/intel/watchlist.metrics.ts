import { Counter, Gauge, type Registry } from 'prom-client';

export type WatchlistReloadResult = 'ok' | 'failed';
/** `unreadable`: the file could not be read; `rejected`: it was read but is no usable list. */
export type WatchlistFileError = 'unreadable' | 'rejected';

/**
 * The watchlists' metrics, on the service's registry: what each list serves, whether reloads and
 * files went through, and what the lists find. A list whose indicators drop to 0, or a rising
 * file-error count, means a feed silently stopped protecting.
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export class WatchlistMetrics {
  readonly indicators: Gauge<'list'>;
  readonly entryErrors: Gauge<'list'>;
  readonly servingPrevious: Gauge<'list'>;
  readonly reloads: Counter<'result'>;
  readonly fileErrors: Counter<'list' | 'reason'>;
  readonly hits: Counter<'list'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.indicators = new Gauge({ name: 'quell_watchlist_indicators', help: 'Indicators each watchlist serves now (its last good version when the latest is rejected).', labelNames: ['list'], registers });
    this.entryErrors = new Gauge({ name: 'quell_watchlist_entry_errors', help: 'Entries of the latest version of each watchlist file that were rejected (each is logged with its line or index).', labelNames: ['list'], registers });
    this.servingPrevious = new Gauge({ name: 'quell_watchlist_serving_previous', help: '1 while a watchlist serves its last good version because the latest file was rejected or unreadable.', labelNames: ['list'], registers });
    this.reloads = new Counter({
      name: 'quell_watchlist_reloads_total',
      help: 'Watchlist reloads that changed the lists or met an error: ok, or failed (the directory or a file could not be used; the last good versions stay).',
      labelNames: ['result'],
      registers,
    });
    this.fileErrors = new Counter({
      name: 'quell_watchlist_file_errors_total',
      help: 'Watchlist file versions that could not be used, per list: unreadable, or rejected as a whole (not JSON, no kind of value, every entry bad).',
      labelNames: ['list', 'reason'],
      registers,
    });
    this.hits = new Counter({ name: 'quell_watchlist_hits_total', help: 'Intel alerts raised, per watchlist.', labelNames: ['list'], registers });
  }
}
