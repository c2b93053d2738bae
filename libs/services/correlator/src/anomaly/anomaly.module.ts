import { Inject, Injectable, Module, type DynamicModule, type ModuleMetadata, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AnomalyRuleSet, PairHistory, RateHistory } from '@quell/anomaly';
import type { AvroCodec, Topics } from '@quell/contracts';
import { CLICKHOUSE, type ClickHouseClient } from '@quell/platform-clickhouse';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import { ANOMALY_ALERT_SINK, BusAlertSink, type AnomalyAlertSink } from './anomaly-alert-sink';
import type { AnomalyConfig } from './anomaly.config';
import { loadAnomalyRulesFile } from './anomaly-rules-file';
import { ClickHousePairHistory } from './clickhouse-pair-history';
import { ClickHouseRateHistory } from './clickhouse-rate-history';
import { createFirstSeenDetector, FIRST_SEEN_DETECTOR } from './first-seen.detector';
import { RateAnomalyScheduler } from './rate-anomaly.scheduler';

export interface AnomalyModuleOptions {
  rules: AnomalyRuleSet;
  /** Database of `quell_events`. */
  database: string;
  /** Run the rate scheduler in this process. */
  scheduler: boolean;
  tickMs: number;
  settleMs: number;
  knownPairs: number;
  /** The scheduler's clock (tests inject one; default Date.now). */
  now?: () => number;
}

export const ANOMALY_MODULE_OPTIONS = Symbol('ANOMALY_MODULE_OPTIONS');

/** Module options from the correlator's validated config; reads and validates the rules file at boot. */
export function anomalyOptionsFromConfig(config: AnomalyConfig & { CLICKHOUSE_DATABASE: string }): AnomalyModuleOptions {
  const rules = config.ANOMALY_RULES_FILE ? loadAnomalyRulesFile(config.ANOMALY_RULES_FILE) : { rate: [], firstSeen: [] };
  return {
    rules,
    database: config.CLICKHOUSE_DATABASE,
    // Without rate rules there is nothing to schedule.
    scheduler: config.ANOMALY_SCHEDULER && rules.rate.length > 0,
    tickMs: config.ANOMALY_TICK_MS,
    settleMs: config.ANOMALY_SETTLE_MS,
    knownPairs: config.ANOMALY_KNOWN_PAIRS,
  };
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
 * history); with rules, the missing client is a boot error rather than a failure at the first batch.
 */
function historyClient(client: ClickHouseClient | null, options: AnomalyModuleOptions): ClickHouseClient | undefined {
  if (client) return client;
  if (options.rules.rate.length + options.rules.firstSeen.length === 0) return undefined;
  throw new Error('anomaly rules are configured but the correlator has no ClickHouse client (declare uses.clickhouse)');
}

const NO_HISTORY: RateHistory & PairHistory = {
  rateRows: () => Promise.reject(new Error('no ClickHouse client')),
  lastSeen: () => Promise.reject(new Error('no ClickHouse client')),
};

/**
 * Anomalies over ClickHouse history, for the correlator:
 * - FIRST_SEEN_DETECTOR: `(events) => Promise<Alert[]>`, for stage 1 to call per batch;
 * - RateAnomalyScheduler: evaluates rate rules each interval and publishes to the alerts topic
 *   (ANOMALY_ALERT_SINK), started at bootstrap when `scheduler` is set.
 * Needs the global CLICKHOUSE, EVENT_BUS, CODEC, TOPICS and LOGGER providers of PlatformModule.
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
          useFactory: (client: ClickHouseClient | null, o: AnomalyModuleOptions): RateHistory => {
            const usable = historyClient(client, o);
            return usable ? new ClickHouseRateHistory(usable, o.database) : NO_HISTORY;
          },
          inject: [CLICKHOUSE, ANOMALY_MODULE_OPTIONS],
        },
        {
          provide: ANOMALY_PAIR_HISTORY,
          useFactory: (client: ClickHouseClient | null, o: AnomalyModuleOptions): PairHistory => {
            const usable = historyClient(client, o);
            return usable ? new ClickHousePairHistory(usable, o.database) : NO_HISTORY;
          },
          inject: [CLICKHOUSE, ANOMALY_MODULE_OPTIONS],
        },
        {
          provide: ANOMALY_ALERT_SINK,
          useFactory: (bus: EventBus, codec: AvroCodec, topics: Topics) => new BusAlertSink(bus, codec, topics.alerts),
          inject: [EVENT_BUS, CODEC, TOPICS],
        },
        {
          provide: FIRST_SEEN_DETECTOR,
          useFactory: (o: AnomalyModuleOptions, history: PairHistory) => createFirstSeenDetector(o.rules.firstSeen, history, { cacheSize: o.knownPairs }),
          inject: [ANOMALY_MODULE_OPTIONS, ANOMALY_PAIR_HISTORY],
        },
        {
          provide: RateAnomalyScheduler,
          useFactory: (o: AnomalyModuleOptions, history: RateHistory, sink: AnomalyAlertSink, logger: Logger) =>
            new RateAnomalyScheduler(o.rules.rate, history, sink, { tickMs: o.tickMs, settleMs: o.settleMs, now: o.now, logger: logger.child({ component: 'anomaly' }) }),
          inject: [ANOMALY_MODULE_OPTIONS, ANOMALY_RATE_HISTORY, ANOMALY_ALERT_SINK, LOGGER],
        },
        RateSchedulerLifecycle,
      ],
      exports: [FIRST_SEEN_DETECTOR, RateAnomalyScheduler],
    };
  }
}
