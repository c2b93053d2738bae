import type { Alert, AvroCodec } from '@quell/contracts';
import type { EventBus } from '@quell/platform-kafka';

/** Where the rate scheduler's alerts go. First-seen alerts are returned to stage 1 instead. */
export interface AnomalyAlertSink {
  publish(alerts: readonly Alert[]): Promise<void>;
}

export const ANOMALY_ALERT_SINK = Symbol('ANOMALY_ALERT_SINK');

/** Publishes to the alerts topic keyed by fingerprint, as detection alerts are; resolves once acknowledged. */
export class BusAlertSink implements AnomalyAlertSink {
  constructor(
    private readonly bus: EventBus,
    private readonly codec: AvroCodec,
    private readonly topic: string,
  ) {}

  async publish(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.bus.publish(alerts.map((alert) => ({ topic: this.topic, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) })));
  }
}
