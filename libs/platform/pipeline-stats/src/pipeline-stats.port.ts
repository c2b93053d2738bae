/** Port token of the pipeline read-outs (PipelineStats), provided by the service kit's storage wiring. */
export const PIPELINE_STATS = Symbol('PIPELINE_STATS');

/** A time range [from, to), epoch ms, of when Quell processed things (see README: processing time). */
export interface StatsRange {
  from: number;
  to: number;
}

export type FunnelStageName = 'events' | 'alerts' | 'screened' | 'deduplicated' | 'incidents' | 'notifications';

export interface FunnelStage {
  name: FunnelStageName;
  label: string;
  count: number;
  /** What exactly is counted, from which table. */
  description: string;
}

/** Events stored per source and bucket; every bucket of the range is present (0 when quiet). */
export interface SourceRate {
  source: string;
  points: { at: number; count: number }[];
}

export interface FunnelCounts {
  stages: FunnelStage[];
  eventRate: { bucketSeconds: number; series: SourceRate[] };
}

export interface RuleHit {
  ruleId: string;
  title: string;
  /** Alerts the rule raised in the range (dedup repeats included, each raised alert once). */
  hits: number;
  /** Latest sighting (event time) of those alerts, epoch ms. */
  lastHit: number | null;
}

/**
 * How much went through each stage of the pipeline for one tenant, read from the ClickHouse history
 * the stages keep (events, alert states, suppressed alerts, incident versions, deliveries).
 */
export interface PipelineStats {
  funnel(tenant: string, range: StatsRange, bucketSeconds: number): Promise<FunnelCounts>;
  ruleHits(tenant: string, range: StatsRange): Promise<RuleHit[]>;
}
