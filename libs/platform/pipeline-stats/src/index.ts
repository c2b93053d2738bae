export { PIPELINE_STATS, type FunnelCounts, type FunnelStage, type FunnelStageName, type PipelineStats, type RuleHit, type SourceRate, type StatsRange } from './pipeline-stats.port';
export { ClickHousePipelineStats } from './clickhouse-pipeline-stats';
export { FUNNEL_STAGES } from './funnel-stages';
