import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DELIVERY_LOG, type DeliveryAttempt, type DeliveryLog } from '@quell/platform-delivery-log';
import { METRICS, type PipelineMetrics } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { NotifierConfig } from '../config';

/**
 * Where every attempt and routing decision goes: the ClickHouse delivery log (when ClickHouse is
 * open and NOTIFY_DELIVERY_LOG_CLICKHOUSE allows it) and a counter per channel and status.
 */
@Injectable()
export class DeliveryRecorder {
  private readonly log: DeliveryLog | null;
  /** WARNING: the name feeds dashboards; rename only with them. */
  private readonly attempts: Counter<'channel' | 'status'>;

  constructor(@Inject(SERVICE_CONFIG) config: NotifierConfig, @Inject(DELIVERY_LOG) log: DeliveryLog | null, @Inject(METRICS) metrics: PipelineMetrics) {
    this.log = config.NOTIFY_DELIVERY_LOG_CLICKHOUSE ? log : null;
    this.attempts = new Counter({
      name: 'quell_notifier_deliveries_total',
      help: 'Notification attempts and routing decisions per channel: sent, retry, failed, rate_limited, deferred, suppressed.',
      labelNames: ['channel', 'status'],
      registers: [metrics.registry],
    });
  }

  record(attempt: DeliveryAttempt): void {
    this.attempts.inc({ channel: attempt.channel, status: attempt.status });
    this.log?.record(attempt);
  }
}
