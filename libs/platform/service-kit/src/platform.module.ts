import { Global, Module, type DynamicModule, type OnModuleInit, Inject } from '@nestjs/common';
import { isClickHouseReady } from '@quell/platform-clickhouse';
import { CHANGE_HISTORY } from '@quell/platform-change-history';
import { EVENT_HISTORY } from '@quell/platform-event-history';
import { DEAD_LETTER_STORE } from '@quell/platform-dead-letters';
import { DELIVERY_HISTORY, DELIVERY_LOG } from '@quell/platform-delivery-log';
import { INCIDENT_HISTORY, INCIDENT_SEARCH } from '@quell/platform-incident-history';
import { PIPELINE_STATS } from '@quell/platform-pipeline-stats';
import { isRedisReady, REDIS } from '@quell/platform-redis';
import { EVENT_BUS } from '@quell/platform-kafka';
import { DOCUMENT_STORE, STATE_STORE } from '@quell/platform-state';
import { TIMER_JOURNALS } from '@quell/platform-timers';
import { OIDC_VERIFIER, type OidcVerifier } from '@quell/platform-http';
import { HealthRegistry, ObservabilityModule, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import type { SharedInfrastructure } from './shared-infrastructure';
import { CODEC, SERVICE_CONFIG, TOPICS } from './tokens';

const INFRASTRUCTURE = Symbol('INFRASTRUCTURE');

/** Registers a readiness check for each client the app actually uses. */
class ReadinessChecks implements OnModuleInit {
  constructor(
    @Inject(INFRASTRUCTURE) private readonly infra: SharedInfrastructure,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const { bus, clickhouse, redis } = this.infra;
    this.health.register('bus', () => bus.isReady());
    if (clickhouse) this.health.register('clickhouse', () => isClickHouseReady(clickhouse));
    if (redis) this.health.register('redis', () => isRedisReady(redis));
  }
}

/**
 * Hands the process's shared clients to one service's module graph as global providers, so that
 * handlers inject ports (EVENT_BUS, EVENT_HISTORY, INCIDENT_HISTORY, DOCUMENT_STORE) and never construct clients: the
 * ClickHouse client stays here, behind the repositories of the libs that own its tables.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: {
    service: string;
    config: object;
    infra: SharedInfrastructure;
    logger: Logger;
    metrics: PipelineMetrics;
    /** Checks the OIDC provider's bearer tokens on every guarded route of the service; null: API keys only. */
    oidc?: OidcVerifier | null;
  }): DynamicModule {
    const { infra } = options;
    const providers = [
      { provide: INFRASTRUCTURE, useValue: infra },
      { provide: SERVICE_CONFIG, useValue: options.config },
      { provide: CODEC, useValue: infra.codec },
      { provide: TOPICS, useValue: infra.topics },
      { provide: EVENT_BUS, useValue: infra.bus },
      { provide: EVENT_HISTORY, useValue: infra.eventHistory ?? null },
      { provide: CHANGE_HISTORY, useValue: infra.changeHistory ?? null },
      { provide: INCIDENT_HISTORY, useValue: infra.incidentHistory ?? null },
      { provide: INCIDENT_SEARCH, useValue: infra.incidentSearch ?? null },
      { provide: PIPELINE_STATS, useValue: infra.pipelineStats ?? null },
      { provide: DELIVERY_LOG, useValue: infra.deliveryLog ?? null },
      { provide: DELIVERY_HISTORY, useValue: infra.deliveryHistory ?? null },
      { provide: DEAD_LETTER_STORE, useValue: infra.deadLetters ?? null },
      { provide: REDIS, useValue: infra.redis ?? null },
      { provide: STATE_STORE, useValue: infra.stateStore ?? null },
      { provide: DOCUMENT_STORE, useValue: infra.documentStore ?? null },
      { provide: TIMER_JOURNALS, useValue: infra.timerJournals ?? null },
      { provide: OIDC_VERIFIER, useValue: options.oidc ?? null },
      ReadinessChecks,
    ];
    return {
      module: PlatformModule,
      imports: [ObservabilityModule.forRoot({ service: options.service, logger: options.logger, metrics: options.metrics })],
      providers,
      exports: [SERVICE_CONFIG, CODEC, TOPICS, EVENT_BUS, EVENT_HISTORY, CHANGE_HISTORY, INCIDENT_HISTORY, INCIDENT_SEARCH, PIPELINE_STATS, DELIVERY_LOG, DELIVERY_HISTORY, DEAD_LETTER_STORE, REDIS, STATE_STORE, DOCUMENT_STORE, TIMER_JOURNALS, OIDC_VERIFIER],
    };
  }
}
