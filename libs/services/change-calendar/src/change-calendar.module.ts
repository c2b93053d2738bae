import { Module, type DynamicModule, type FactoryProvider } from '@nestjs/common';
import type { AvroCodec, Topics } from '@quell/contracts';
import { CHANGE_HISTORY, type ChangeHistory } from '@quell/platform-change-history';
import { API_KEY_STORE, ApiKeyStore, HttpApiModule } from '@quell/platform-http';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, kafkaConnectionOf, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { AlertsHandler, RELATED_CHANGES } from './alerts.handler';
import { ChangeVersionsHandler } from './change-versions.handler';
import { ChangeCommands, CHANGE_LIMITS } from './api/change-commands';
import { ChangesController } from './api/changes.controller';
import { ChangeImports } from './imports/change-imports';
import { ChangeImportsController } from './imports/change-imports.controller';
import { CALENDAR_CLOCK, ChangeCalendar } from './change-calendar';
import type { ChangeCalendarConfig } from './config';
import { CHANGE_FEED, type ChangeFeed } from './feed/change-feed.port';
import { InProcessChangeFeed } from './feed/in-process-change-feed';
import { KafkaChangeFeed } from './feed/kafka-change-feed';
import { ConfigChangesHandler } from './governance/config-changes.handler';
import { FreezeFindings } from './governance/freeze-findings';
import { ConfigChangeMemory } from './related/config-change-memory';
import { screeningPolicyProvider } from './screening/screening-policy.provider';
import { SuppressedAlertsHandler } from './suppressed/suppressed-alerts.handler';
import { WindowCloseHandler } from './window-close/window-close.handler';
import { calendarTimersProvider, windowCloseTimersProvider } from './window-close/window-close.providers';

/** Over Kafka every replica reads the whole changes topic; one process (BUS=memory) rebuilds from the ClickHouse mirror. */
const changeFeedProvider: FactoryProvider<ChangeFeed> = {
  provide: CHANGE_FEED,
  inject: [SERVICE_CONFIG, EVENT_BUS, CODEC, TOPICS, LOGGER, CHANGE_HISTORY],
  useFactory: (config: ChangeCalendarConfig, bus: EventBus, codec: AvroCodec, topics: Topics, logger: Logger, history: ChangeHistory) =>
    config.BUS === 'memory'
      ? new InProcessChangeFeed(bus, codec, topics.changes, history)
      : new KafkaChangeFeed({
          bus,
          codec,
          topic: topics.changes,
          client: config.KAFKA_CLIENT,
          connection: kafkaConnectionOf(config),
          // WARNING: replicas' private groups; a name without the prefix would collide across deployments.
          groupPrefix: `${config.KAFKA_GROUP_PREFIX}.change-calendar.replica`,
          logger,
        }),
};

@Module({})
export class ChangeCalendarModule {
  static forConfig(): DynamicModule {
    return {
      module: ChangeCalendarModule,
      imports: [HttpApiModule],
      controllers: [AlertsHandler, ConfigChangesHandler, ChangeVersionsHandler, SuppressedAlertsHandler, ChangesController, ChangeImportsController, WindowCloseHandler],
      providers: [
        changeFeedProvider,
        calendarTimersProvider,
        windowCloseTimersProvider,
        { provide: CALENDAR_CLOCK, useValue: Date.now },
        ChangeCalendar,
        screeningPolicyProvider,
        ConfigChangeMemory,
        FreezeFindings,
        ChangeCommands,
        ChangeImports,
        { provide: CHANGE_LIMITS, inject: [SERVICE_CONFIG], useFactory: (config: ChangeCalendarConfig) => ({ maxWindowMs: config.CHANGE_MAX_WINDOW_HOURS * 3_600_000 }) },
        {
          provide: RELATED_CHANGES,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ChangeCalendarConfig) => ({ lookbackMs: config.CHANGE_RELATED_LOOKBACK_MS, limit: config.CHANGE_RELATED_LIMIT }),
        },
        { provide: API_KEY_STORE, inject: [SERVICE_CONFIG], useFactory: (config: ChangeCalendarConfig) => ApiKeyStore.fromList(config.CHANGE_CALENDAR_API_KEYS) },
      ],
      exports: [ChangeCalendar],
    };
  }
}
