export {
  createLogger,
  DEFAULT_REDACT_KEYS,
  REDACTED,
  type CreateLoggerOptions,
  type Logger,
  type LogLevel,
} from './logging/create-logger';
export { runWithLogContext, getLogContext, type LogContext } from './logging/log-context';
export { PinoNestLogger } from './logging/pino-nest-logger';
export { PipelineMetrics, type FailureReason, type PipelineMetricsOptions } from './metrics/pipeline-metrics';
export { ProcessMetrics, type ProcessMetricsOptions } from './metrics/process-metrics';
export {
  HealthRegistry,
  type LivenessCheck,
  type LivenessReport,
  type CheckResult,
  type CheckStatus,
  type ReadinessCheck,
  type ReadinessReport,
} from './health/health-registry';
export { HealthController, DEFAULT_READINESS_TIMEOUT_MS } from './health/health.controller';
export { ObservabilityModule } from './observability.module';
export type { ObservabilityOptions } from './observability-options';
export { LOGGER, METRICS, OBSERVABILITY_OPTIONS } from './tokens';
