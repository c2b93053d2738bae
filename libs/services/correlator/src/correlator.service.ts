import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_HISTORY, type EventHistory } from '@quell/platform-event-history';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { useMappingPipelineDirs } from '@quell/rules';
import { defineService } from '@quell/platform-service-kit';
import { AnomalyModule, anomalyOptionsFromConfig, FIRST_SEEN_DETECTOR, firstSeenEventDetector, type FirstSeenDetector } from './anomaly';
import { correlatorConfigSchema, type CorrelatorConfig } from './config';
import { CorrelatorMetrics } from './correlator.metrics';
import { EventsHandler } from './detection/events.handler';
import { EVENT_DETECTORS, KEYED_PROCESSORS, type EventDetector } from './extensions';
import { IntelModule, intelOptionsFromConfig, WatchlistDetector } from './intel';
import { DetectorsStatusController } from './intel/detectors-status.controller';
import { killChainDetector, killChainObserver, killChainProcessor } from './killchain/killchain.processor';
import { CorrelatorRulesSource } from './rules/rules.provider';
import { WatchlistPlaceholders } from './rules/watchlist-placeholders';
import { RulesCatalogModule, rulesCatalogOptionsFrom, rulesKeyStoreProvider } from './rules-api';
import { HISTORY_REBUILD, WindowHistoryRebuild } from './windows/history-rebuild';
import { MatchesHandler } from './windows/matches.handler';

/**
 * Stage 1 (EventsHandler: events → detection alerts and re-keyed matches) and stage 2
 * (MatchesHandler: matches → correlation windows → correlation alerts), each its own consumer
 * group, over the rules of RULES_DIR (reloaded on change, editable through /v1/rules).
 * Extensions plug in as providers of EVENT_DETECTORS (stage 1) and KEYED_PROCESSORS (stage 2).
 */
@Module({})
export class CorrelatorModule {
  static forConfig(config: CorrelatorConfig): DynamicModule {
    // Before any rule runs: routing and field resolution read the active pipelines (validated with the config).
    useMappingPipelineDirs(config.RULES_PIPELINE_DIRS);
    return {
      module: CorrelatorModule,
      imports: [
        RulesCatalogModule.forRoot(rulesCatalogOptionsFrom(config)),
        IntelModule.forRoot(intelOptionsFromConfig(config)),
        AnomalyModule.forRootAsync({ useFactory: () => anomalyOptionsFromConfig(config) }),
      ],
      controllers: [EventsHandler, MatchesHandler, DetectorsStatusController],
      providers: [
        // The detectors' status is read with a rules API key, like the rules themselves.
        rulesKeyStoreProvider(config.RULES_API_KEYS),
        CorrelatorRulesSource,
        WatchlistPlaceholders,
        CorrelatorMetrics,
        // Stage-2 windows the state store has nothing for are rebuilt from the event history, when there is one.
        {
          provide: HISTORY_REBUILD,
          useFactory: (history: EventHistory | null, bus: EventBus): WindowHistoryRebuild | null =>
            history && config.CORRELATION_HISTORY_REBUILD
              ? new WindowHistoryRebuild(history, bus, {
                  maxEvents: config.CORRELATION_HISTORY_REBUILD_MAX_EVENTS,
                  allowedLatenessMs: config.CORRELATION_ALLOWED_LATENESS_MS,
                })
              : null,
          inject: [EVENT_HISTORY, EVENT_BUS],
        },
        // Stage-1 detectors besides the Sigma rules: add one here (and to `inject`) to plug it in.
        {
          provide: EVENT_DETECTORS,
          useFactory: (watchlists: WatchlistDetector, firstSeen: FirstSeenDetector): EventDetector[] => [watchlists, firstSeenEventDetector(firstSeen), killChainDetector],
          inject: [WatchlistDetector, FIRST_SEEN_DETECTOR],
        },
        // Stage-2 keyed processors: each receives the matches whose correlationId starts with `<name>:`.
        {
          provide: KEYED_PROCESSORS,
          useFactory: (metrics: CorrelatorMetrics, logger: Logger) => [
            killChainProcessor(
              {
                clock: Date.now,
                threshold: config.KILLCHAIN_MIN_TACTICS,
                windowMs: config.KILLCHAIN_WINDOW_MS,
                allowedLatenessMs: config.CORRELATION_ALLOWED_LATENESS_MS,
                distinctBy: config.KILLCHAIN_DISTINCT_BY,
              },
              killChainObserver(metrics, logger),
            ),
          ],
          inject: [CorrelatorMetrics, LOGGER],
        },
      ],
    };
  }
}

export const correlatorService = defineService({
  name: 'correlator',
  defaultHttpPort: 8082,
  configSchema: correlatorConfigSchema,
  module: (config) => CorrelatorModule.forConfig(config),
  // ClickHouse history for the anomaly rules (first-seen, rates); the all-in-one shares its embedded engine.
  uses: { clickhouse: true, state: true },
});
