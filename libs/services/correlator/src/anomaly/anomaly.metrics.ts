import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type RateRunOutcome = 'ok' | 'query_failed' | 'publish_failed';
export type RulesReloadError = 'unreadable' | 'invalid';
export type ProgressStoreOperation = 'read' | 'write';

/**
 * The anomaly scheduler's and rules file's metrics, on the service's registry. A stale
 * last-success timestamp or a rising reload-error count means anomalies silently stopped.
 * WARNING: metric names are dashboard inputs; rename only with them.
 */
export class AnomalyMetrics {
  readonly rateRuns: Counter<'rule' | 'outcome'>;
  readonly rateQuerySeconds: Histogram<'rule'>;
  readonly rateAlerts: Counter<'rule'>;
  readonly rateLastSuccess: Gauge<'rule'>;
  readonly rulesReloadErrors: Counter<'file' | 'reason'>;
  readonly rulesReloads: Counter<'result'>;
  readonly rules: Gauge<'kind'>;
  readonly rateWindowsSkipped: Counter<'rule'>;
  readonly rateProgressStoreErrors: Counter<'rule' | 'operation'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.rateRuns = new Counter({
      name: 'quell_anomaly_rate_runs_total',
      help: 'Rate rule evaluations of a window, per rule and outcome: ok, query_failed or publish_failed (both retried at the next tick).',
      labelNames: ['rule', 'outcome'],
      registers,
    });
    this.rateQuerySeconds = new Histogram({
      name: 'quell_anomaly_rate_query_seconds',
      help: 'Time of one rate rule evaluation against ClickHouse history (the window and its baseline), per rule.',
      labelNames: ['rule'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers,
    });
    this.rateAlerts = new Counter({ name: 'quell_anomaly_rate_alerts_total', help: 'Rate anomaly alerts published, per rule.', labelNames: ['rule'], registers });
    this.rateLastSuccess = new Gauge({
      name: 'quell_anomaly_rate_last_success_timestamp_seconds',
      help: 'When each rate rule last evaluated a window and published its alerts (Unix seconds); dropped when the rule is removed.',
      labelNames: ['rule'],
      registers,
    });
    this.rulesReloadErrors = new Counter({
      name: 'quell_anomaly_rules_reload_errors_total',
      help: 'Anomaly rules file versions that could not be used (unreadable or invalid); the last good rules stay active.',
      labelNames: ['file', 'reason'],
      registers,
    });
    this.rulesReloads = new Counter({
      name: 'quell_anomaly_rules_reloads_total',
      help: 'Anomaly rules file versions read after start: ok (in force, or the same rules as in force) or failed (unreadable or invalid; the last good rules stay).',
      labelNames: ['result'],
      registers,
    });
    this.rules = new Gauge({ name: 'quell_anomaly_rules', help: 'Anomaly rules in force, per kind (rate, first_seen).', labelNames: ['kind'], registers });
    this.rateWindowsSkipped = new Counter({
      name: 'quell_anomaly_rate_windows_skipped_total',
      help: 'Rate windows missed (downtime, failures) and never evaluated because they were older than ANOMALY_MAX_CATCHUP_WINDOWS, per rule.',
      labelNames: ['rule'],
      registers,
    });
    this.rateProgressStoreErrors = new Counter({
      name: 'quell_anomaly_rate_progress_store_errors_total',
      help: 'Failed reads (the rule waits for the next tick) or writes (a restart may evaluate the window again) of a rate rule\'s progress in the state store.',
      labelNames: ['rule', 'operation'],
      registers,
    });
  }
}
