import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { PipelineMetrics } from './metrics/pipeline-metrics';
import type { ObservabilityOptions } from './observability-options';
import { LOGGER, METRICS, OBSERVABILITY_OPTIONS } from './tokens';

/**
 * Logger, metrics and health for one app. Global, so any adapter can inject HealthRegistry
 * to add its readiness check, and any handler can inject LOGGER / METRICS, without importing
 * this module again.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: OBSERVABILITY_OPTIONS, useValue: options },
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
        { provide: PipelineMetrics, useExisting: METRICS },
        HealthRegistry,
      ],
      exports: [LOGGER, METRICS, PipelineMetrics, HealthRegistry],
    };
  }
}
