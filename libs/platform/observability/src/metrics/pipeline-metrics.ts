import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProcessMetrics } from './process-metrics';

/** Why a record left the happy path: retried in place, or sent to the dead-letter topic. */
export type FailureReason = 'dead_letter' | 'retry' | 'undecodable_skipped';

export interface PipelineMetricsOptions {
  service: string;
  /** Node process metrics (CPU, memory, event loop, GC); on by default, never with `process`. */
  collectDefaults?: boolean;
  /**
   * The process's shared exposition, when several services run in one process: process metrics
   * are collected there once, and render() answers with every service's metrics.
   */
  process?: ProcessMetrics;
}

/**
 * The pipeline metrics every stage exposes. Each instance owns its Registry (never prom-client's
 * global one), so several apps in one process (all-in-one mode, tests) do not collide on names;
 * in the all-in-one they are rendered together through one ProcessMetrics.
 */
export class PipelineMetrics {
  readonly registry = new Registry();

  // WARNING: metric names are dashboard and autoscaling (consumer lag) inputs; rename only with them.
  readonly recordsIn = new Counter({
    name: 'quell_records_in_total',
    help: 'Records consumed, per topic.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly recordsOut = new Counter({
    name: 'quell_records_out_total',
    help: 'Records produced, per topic.',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly recordsFailed = new Counter({
    name: 'quell_records_failed_total',
    help: 'Records whose handling failed, per topic and outcome (retry, dead_letter, or undecodable_skipped by a group that leaves dead-lettering to another).',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly handlerDuration = new Histogram({
    name: 'quell_handler_duration_seconds',
    help: 'Time spent handling one batch of records, per topic.',
    labelNames: ['topic'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'quell_consumer_lag',
    help: "Messages between the group's committed offset and the partition high watermark, read from the broker.",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly consumerCrashes = new Counter({
    name: 'quell_consumer_crashes_total',
    help: 'Consumers that died (crash, or their loop ended without a stop), per group.',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  readonly consumerRestarts = new Counter({
    name: 'quell_consumer_restarts_total',
    help: 'Attempts to re-create a crashed consumer, per group.',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  readonly consumerStalls = new Counter({
    name: 'quell_consumer_stalls_total',
    help: 'Times a consumer became stuck (batch held too long, or commits frozen under lag), per group.',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  readonly consumerDependencyWaits = new Counter({
    name: 'quell_consumer_dependency_waits_total',
    help: 'Times a consumer began waiting out a dependency outage (a batch held past the grace, not ready meanwhile), per group.',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  private readonly process?: ProcessMetrics;

  constructor(options: PipelineMetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    this.process = options.process;
    if (this.process) this.process.include(this.registry);
    else if (options.collectDefaults ?? true) collectDefaultMetrics({ register: this.registry });
  }

  recordFailure(topic: string, reason: FailureReason, count = 1): void {
    this.recordsFailed.inc({ topic, reason }, count);
  }

  /** Prometheus text of this instance's registry, or of the whole process when it shares one. */
  render(): Promise<string> {
    return this.process ? this.process.render() : this.registry.metrics();
  }

  get contentType(): string {
    return this.process ? this.process.contentType : this.registry.contentType;
  }
}
