import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import type { IntelFieldSpec } from '@quell/intel';
import type { IntelConfig } from './intel.config';
import { WATCHLIST_SOURCE } from './intel.tokens';
import { StaticWatchlistSource, WatchlistDirectory } from './watchlist-directory';
import { WatchlistDetector } from './watchlist.detector';
import { WatchlistMetrics } from './watchlist.metrics';

export { WATCHLIST_SOURCE } from './intel.tokens';

export interface IntelModuleOptions {
  /** Watchlist directory; undefined gives an empty, fixed index. */
  dir?: string;
  debounceMs?: number;
  pollIntervalMs?: number;
  fields?: IntelFieldSpec;
  clock?: () => number;
}

/** Module options from the correlator's validated config. */
export function intelOptionsFromConfig(config: IntelConfig): IntelModuleOptions {
  return { dir: config.WATCHLISTS_DIR, debounceMs: config.WATCHLISTS_DEBOUNCE_MS, pollIntervalMs: config.WATCHLISTS_POLL_MS };
}

/**
 * WATCHLIST_SOURCE: the watchlists of a directory, loaded before the app starts and reloaded on
 * change (a WatchlistDirectory, which stops watching when the app shuts down), or an empty index
 * when no directory is configured; and WatchlistDetector, the stage-1 EventDetector over it.
 */
@Module({})
export class IntelModule {
  static forRoot(options: IntelModuleOptions): DynamicModule {
    return {
      module: IntelModule,
      providers: [
        {
          provide: WatchlistMetrics,
          inject: [{ token: METRICS, optional: true }],
          // Without the app's registry (a module tested alone) the metrics go to a registry of their own.
          useFactory: (metrics?: PipelineMetrics) => new WatchlistMetrics(metrics?.registry ?? new Registry()),
        },
        {
          provide: WATCHLIST_SOURCE,
          inject: [{ token: LOGGER, optional: true }, WatchlistMetrics],
          useFactory: async (logger?: Logger, metrics?: WatchlistMetrics) => {
            if (!options.dir) return new StaticWatchlistSource();
            const directory = new WatchlistDirectory({
              dir: options.dir,
              debounceMs: options.debounceMs,
              pollIntervalMs: options.pollIntervalMs,
              fields: options.fields,
              clock: options.clock,
              logger: logger?.child({ component: 'watchlists' }),
              metrics,
            });
            await directory.start();
            return directory;
          },
        },
        WatchlistDetector,
      ],
      exports: [WATCHLIST_SOURCE, WatchlistDetector, WatchlistMetrics],
    };
  }
}
