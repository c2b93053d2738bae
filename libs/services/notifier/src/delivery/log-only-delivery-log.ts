import type { DeliveryAttempt, DeliveryLog } from './delivery-log.port';

/** Without ClickHouse (NOTIFY_DELIVERY_LOG_CLICKHOUSE=false): attempts go nowhere but the service log. */
export class LogOnlyDeliveryLog implements DeliveryLog {
  record(_attempt: DeliveryAttempt): void {
    // ChannelDelivery logs every outcome itself; nothing more to keep.
  }
}
