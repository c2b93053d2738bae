import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { METRICS, type PipelineMetrics } from '@quell/platform-observability';

/** The correlator's own metrics, on the app's registry. WARNING: names feed dashboards; rename only with them. */
@Injectable()
export class CorrelatorMetrics {
  readonly detections: Counter<'rule'>;
  readonly missingGroupBy: Counter<'correlation'>;
  readonly correlationResults: Counter<'correlation' | 'kind'>;
  readonly matchesIgnored: Counter<'reason'>;
  readonly activeGroups: Gauge<'partition'>;
  readonly stateRestores: Counter<'outcome'>;
  readonly stateWritesFenced: Counter<'partition'>;
  readonly rebuildEvents: Counter;
  readonly rebuildMatches: Counter;
  readonly rebuildGroups: Counter;
  readonly rebuildSeconds: Histogram;
  readonly killChainRefused: Counter<'entity_type'>;

  constructor(@Inject(METRICS) metrics: PipelineMetrics) {
    const registers = [metrics.registry];
    this.detections = new Counter({ name: 'quell_correlator_detections_total', help: 'Detection rule hits, per rule.', labelNames: ['rule'], registers });
    this.missingGroupBy = new Counter({
      name: 'quell_correlator_missing_group_by_total',
      help: 'Rule hits that did not count for a correlation because the event lacks a group-by field.',
      labelNames: ['correlation'],
      registers,
    });
    this.correlationResults = new Counter({
      name: 'quell_correlator_correlation_results_total',
      help: 'Correlation episodes opened and updated.',
      labelNames: ['correlation', 'kind'],
      registers,
    });
    this.matchesIgnored = new Counter({
      name: 'quell_correlator_matches_ignored_total',
      help: 'Matches stage 2 did not apply: replayed (already in the restored state), unknown correlation or too late.',
      labelNames: ['reason'],
      registers,
    });
    this.activeGroups = new Gauge({ name: 'quell_correlator_active_groups', help: 'Correlation groups held, per matches partition.', labelNames: ['partition'], registers });
    this.stateRestores = new Counter({
      name: 'quell_correlator_state_restores_total',
      help: 'Window state loads on a partition (after start, rebalance or failure): restored from the store, rebuilt from history, started empty, or restored though it ends before the batch (behind, no history).',
      labelNames: ['outcome'],
      registers,
    });
    this.stateWritesFenced = new Counter({
      name: 'quell_correlator_state_writes_fenced_total',
      help: 'Window state writes refused because another replica wrote the partition since this one loaded it (fenced); the batch is retried from the stored state.',
      labelNames: ['partition'],
      registers,
    });
    this.rebuildEvents = new Counter({
      name: 'quell_correlator_rebuild_events_total',
      help: 'History events read to rebuild the windows of partitions the state store had nothing for.',
      registers,
    });
    this.rebuildMatches = new Counter({
      name: 'quell_correlator_rebuild_matches_total',
      help: 'Matches found in the history and fed to the windows of their partition during rebuilds.',
      registers,
    });
    this.rebuildGroups = new Counter({ name: 'quell_correlator_rebuild_groups_total', help: 'Correlation groups held after rebuilds from history.', registers });
    this.rebuildSeconds = new Histogram({
      name: 'quell_correlator_rebuild_seconds',
      help: 'Time to rebuild the windows of one partition from history.',
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    this.killChainRefused = new Counter({
      name: 'quell_killchain_alerts_refused_total',
      help: "Alerts the kill chain refused for one host or user: later than CORRELATION_ALLOWED_LATENESS_MS behind that entity's newest alert (each is logged).",
      labelNames: ['entity_type'],
      registers,
    });
  }
}
