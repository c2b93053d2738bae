import { Inject, Injectable, Module, type DynamicModule, type ModuleMetadata, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AnomalyRuleError, type AnomalyRuleSet, type PairHistory, type RateHistory } from '@quell/anomaly';
import type { AvroCodec, Topics } from '@quell/contracts';
import { EVENT_HISTORY, type EventHistory } from '@quell/platform-event-history';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import { InMemoryStateStore, STATE_STORE, type StateStore } from '@quell/platform-state';
import { ANOMALY_ALERT_SINK, BusAlertSink, type AnomalyAlertSink } from './anomaly-alert-sink';
import type { AnomalyConfig } from './anomaly.config';
import { AnomalyMetrics } from './anomaly.metrics';
import { loadAnomalyRulesFile } from './anomaly-rules-file';
import { ANOMALY_RULES, AnomalyRulesFile, StaticAnomalyRules, type AnomalyRulesSource } from './anomaly-rules-source';
import { ClickHousePairHistory } from './clickhouse-pair-history';
import { ClickHouseRateHistory } from './clickhouse-rate-history';
import { createFirstSeenDetector, FIRST_SEEN_DETECTOR } from './first-seen.detector';
import { RateAnomalyScheduler } from './rate-anomaly.scheduler';

export interface AnomalyModuleOptions {
  /** The rules at boot. */
  rules: AnomalyRuleSet;
  /** The file they came from, reloaded on change; without it the rules are fixed. */
  rulesFile?: string;
  /** How the rules file is watched (tests shorten the periodic check). */
  watch?: { debounceMs?: number; pollIntervalMs?: number; watch?: boolean };
  /** Run the rate scheduler in this process (it ticks with no rate rules too: a reload may add some). */
  scheduler: boolean;
  tickMs: number;
  settleMs: number;
  /** Missed rate windows still evaluated before the latest one after downtime. */
  maxCatchUpWindows: number;
  knownPairs: number;
  /** The scheduler's clock (tests inject one; default Date.now). */
  now?: () => number;
}

export const ANOMALY_MODULE_OPTIONS = Symbol('ANOMALY_MODULE_OPTIONS');

/**
 * Module options from the correlator's validated config; reads the rules file at boot. A file that
 * cannot be read stops the boot (a wrong path); a file with bad rules does not: the correlator
 * starts without anomaly rules, the rules file's first reload logs and counts the error (with
 * the line), and the file is loaded once fixed, as on any later reload.
 */
export function anomalyOptionsFromConfig(config: AnomalyConfig): AnomalyModuleOptions {
  const rules = config.ANOMALY_RULES_FILE ? bootRules(config.ANOMALY_RULES_FILE) : { rate: [], firstSeen: [] };
  return {
    rules,
    rulesFile: config.ANOMALY_RULES_FILE,
    // Without a rules file there is nothing to schedule, now or after a reload.
    scheduler: config.ANOMALY_SCHEDULER && config.ANOMALY_RULES_FILE !== undefined,
    tickMs: config.ANOMALY_TICK_MS,
    settleMs: config.ANOMALY_SETTLE_MS,
    maxCatchUpWindows: config.ANOMALY_MAX_CATCHUP_WINDOWS,
    knownPairs: config.ANOMALY_KNOWN_PAIRS,
  };
}

function bootRules(path: string): AnomalyRuleSet {
  try {
    return loadAnomalyRulesFile(path);
  } catch (error) {
    if (error instanceof AnomalyRuleError) return { rate: [], firstSeen: [] };
    throw error;
  }
}

export interface AnomalyModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => AnomalyModuleOptions | Promise<AnomalyModuleOptions>;
}

/** Starts the rate scheduler once the app is up and stops it before the bus and ClickHouse close. */
@Injectable()
class RateSchedulerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly scheduler: RateAnomalyScheduler,
    @Inject(ANOMALY_MODULE_OPTIONS) private readonly options: AnomalyModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.scheduler) this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}

export const ANOMALY_RATE_HISTORY = Symbol('ANOMALY_RATE_HISTORY');
export const ANOMALY_PAIR_HISTORY = Symbol('ANOMALY_PAIR_HISTORY');

/**
 * A correlator without ClickHouse still boots when it has no anomaly rules (nothing then reads
 * history); with rules or a rules file, the missing history is a boot error rather than a failure
 * at the first batch.
 */
function usableHistory(history: EventHistory | null, options: AnomalyModuleOptions): EventHistory | undefined {
  if (history) return history;
  if (options.rulesFile === undefined && options.rules.rate.length + options.rules.firstSeen.length === 0) return undefined;
  throw new Error('anomaly rules are configured but the correlator has no event history (declare uses.clickhouse)');
}

const NO_HISTORY: RateHistory & PairHistory = {
  rateRows: () => Promise.reject(new Error('no event history')),
  lastSeen: () => Promise.reject(new Error('no event history')),
};

/**
 * Anomalies over ClickHouse history, for the correlator:
 * - FIRST_SEEN_DETECTOR: `(events) => Promise<Alert[]>`, for stage 1 to call per batch;
 * - RateAnomalyScheduler: evaluates rate rules each interval and publishes to the alerts topic
 *   (ANOMALY_ALERT_SINK), started at bootstrap when `scheduler` is set;
 * - ANOMALY_RULES: the rules in force, reloaded from `rulesFile` on change (both of the above follow);
 * - AnomalyMetrics: the scheduler's and the rules file's metrics on the service's registry.
 * Needs the global EVENT_HISTORY, EVENT_BUS, CODEC, TOPICS, LOGGER, METRICS and STATE_STORE (the rate
 * rules' progress) providers of PlatformModule.
 */
@Module({})
export class AnomalyModule {
  static forRootAsync(options: AnomalyModuleAsyncOptions): DynamicModule {
    return {
      module: AnomalyModule,
      imports: options.imports ?? [],
      providers: [
        { provide: ANOMALY_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: ANOMALY_RATE_HISTORY,
          useFactory: (history: EventHistory | null, o: AnomalyModuleOptions): RateHistory => {
            const usable = usableHistory(history, o);
            return usable ? new ClickHouseRateHistory(usable) : NO_HISTORY;
          },
          inject: [EVENT_HISTORY, ANOMALY_MODULE_OPTIONS],
        },
        {
          provide: ANOMALY_PAIR_HISTORY,
          useFactory: (history: EventHistory | null, o: AnomalyModuleOptions): PairHistory => {
            const usable = usableHistory(history, o);
            return usable ? new ClickHousePairHistory(usable) : NO_HISTORY;
          },
          inject: [EVENT_HISTORY, ANOMALY_MODULE_OPTIONS],
        },
        {
          provide: AnomalyMetrics,
          useFactory: (metrics: PipelineMetrics) => new AnomalyMetrics(metrics.registry),
          inject: [METRICS],
        },
        {
          provide: ANOMALY_RULES,
          useFactory: async (o: AnomalyModuleOptions, logger: Logger, metrics: AnomalyMetrics): Promise<AnomalyRulesSource> => {
            if (o.rulesFile === undefined) return new StaticAnomalyRules(o.rules);
            const file = new AnomalyRulesFile({ path: o.rulesFile, initial: o.rules, ...o.watch, logger: logger.child({ component: 'anomaly' }), metrics });
            await file.start();
            return file;
          },
          inject: [ANOMALY_MODULE_OPTIONS, LOGGER, AnomalyMetrics],
        },
        {
          provide: ANOMALY_ALERT_SINK,
          useFactory: (bus: EventBus, codec: AvroCodec, topics: Topics) => new BusAlertSink(bus, codec, topics.alerts),
          inject: [EVENT_BUS, CODEC, TOPICS],
        },
        {
          provide: FIRST_SEEN_DETECTOR,
          useFactory: (o: AnomalyModuleOptions, history: PairHistory, rules: AnomalyRulesSource) =>
            createFirstSeenDetector(() => rules.current().firstSeen, history, { cacheSize: o.knownPairs }),
          inject: [ANOMALY_MODULE_OPTIONS, ANOMALY_PAIR_HISTORY, ANOMALY_RULES],
        },
        {
          provide: RateAnomalyScheduler,
          useFactory: (
            o: AnomalyModuleOptions,
            history: RateHistory,
            sink: AnomalyAlertSink,
            logger: Logger,
            rules: AnomalyRulesSource,
            metrics: AnomalyMetrics,
            store: StateStore | null,
          ) => {
            const options = {
              tickMs: o.tickMs,
              settleMs: o.settleMs,
              maxCatchUpWindows: o.maxCatchUpWindows,
              // A service without a state store keeps rate progress for the life of the process only.
              store: store ?? new InMemoryStateStore(),
              now: o.now,
              logger: logger.child({ component: 'anomaly' }),
              metrics,
            };
            const scheduler = new RateAnomalyScheduler(rules.current().rate, history, sink, options);
            rules.onChange?.((next, previous) => {
              if (next.rate !== previous.rate) scheduler.setRules(next.rate);
            });
            return scheduler;
          },
          inject: [ANOMALY_MODULE_OPTIONS, ANOMALY_RATE_HISTORY, ANOMALY_ALERT_SINK, LOGGER, ANOMALY_RULES, AnomalyMetrics, STATE_STORE],
        },
        RateSchedulerLifecycle,
      ],
      exports: [FIRST_SEEN_DETECTOR, RateAnomalyScheduler, ANOMALY_RULES, AnomalyMetrics],
    };
  }
}
