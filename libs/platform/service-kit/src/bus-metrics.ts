import type { BusObserver } from '@quell/platform-kafka';
import type { PipelineMetrics } from '@quell/platform-observability';

/** Feeds the bus's delivery events into the app's Prometheus metrics. */
export function metricsObserver(metrics: PipelineMetrics): BusObserver {
  return {
    recordsIn: (topic, count) => metrics.recordsIn.inc({ topic }, count),
    recordsOut: (topic, count) => metrics.recordsOut.inc({ topic }, count),
    recordsFailed: (topic, reason, count) => metrics.recordFailure(topic, reason, count),
    handlerSeconds: (topic, seconds) => metrics.handlerDuration.observe({ topic }, seconds),
    lag: (topic, partition, lag, group) => metrics.consumerLag.set({ group, topic, partition: String(partition) }, lag),
    consumerCrashed: (group) => metrics.consumerCrashes.inc({ group }),
    consumerRestarted: (group) => metrics.consumerRestarts.inc({ group }),
    consumerStalled: (group) => metrics.consumerStalls.inc({ group }),
    consumerWaiting: (group) => metrics.consumerDependencyWaits.inc({ group }),
  };
}
