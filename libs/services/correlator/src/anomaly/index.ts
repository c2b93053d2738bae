export { AnomalyModule, anomalyOptionsFromConfig, ANOMALY_MODULE_OPTIONS, type AnomalyModuleOptions, type AnomalyModuleAsyncOptions } from './anomaly.module';
export { anomalyConfigShape, anomalyConfigSchema, type AnomalyConfig } from './anomaly.config';
export { FIRST_SEEN_DETECTOR, createFirstSeenDetector, type FirstSeenDetector } from './first-seen.detector';
export { RateAnomalyScheduler, type RateAnomalySchedulerOptions } from './rate-anomaly.scheduler';
export { ANOMALY_ALERT_SINK, BusAlertSink, type AnomalyAlertSink } from './anomaly-alert-sink';
export { ClickHouseRateHistory } from './clickhouse-rate-history';
export { ClickHousePairHistory } from './clickhouse-pair-history';
export { loadAnomalyRulesFile, parseAnomalyRulesText } from './anomaly-rules-file';
export { firstSeenEventDetector } from './first-seen.event-detector';
