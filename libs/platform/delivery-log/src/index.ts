export { DELIVERY_LOG, type DeliveryAttempt, type DeliveryLog } from './delivery-log.port';
export { ClickHouseDeliveryLog, type ClickHouseDeliveryLogOptions } from './clickhouse-delivery-log';
export { DELIVERY_LOG_MIGRATIONS, DELIVERIES_TABLE } from './delivery-log.migrations';
export { ClickHouseDeliveryHistory, DELIVERY_HISTORY, type DeliveryHistory, type DeliveryQuery } from './delivery-history';
