import type { Logger } from './logging/create-logger';
import type { PipelineMetrics } from './metrics/pipeline-metrics';

export interface ObservabilityOptions {
  service: string;
  logger: Logger;
  metrics: PipelineMetrics;
  /** Per-check readiness timeout; a hung dependency reads as not-ready, never as a hung probe. Default 2000. */
  readinessTimeoutMs?: number;
}
