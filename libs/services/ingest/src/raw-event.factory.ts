import type { RawEvent } from '@quell/contracts';
import { stableId } from '@quell/normalize';

/** A RawEvent for one HTTP entry; `seed` makes the id unique and time-ordered. */
export function rawEventFromHttp(tenant: string, entry: object, receivedAt: number, seed: string, sourceName: string): RawEvent {
  return {
    id: stableId(receivedAt, seed),
    tenant,
    receivedAt,
    source: { type: 'http', name: sourceName, host: null },
    format: 'json',
    contentType: 'application/json',
    payload: Buffer.from(JSON.stringify(entry)),
    attributes: {},
  };
}

/**
 * A RawEvent for one shipper record. The id derives from the record's position, so reading the
 * same record again (after a crash or rebalance) yields the same id and no duplicate downstream.
 */
export function rawEventFromShipper(
  record: { topic: string; partition: number; offset: string; timestamp: number; headers: Record<string, string>; value: Buffer },
  defaultTenant: string,
  receivedAt: number,
): RawEvent {
  return {
    id: stableId(record.timestamp, `${record.topic}:${record.partition}:${record.offset}`),
    tenant: record.headers['quell.tenant'] || defaultTenant,
    receivedAt,
    source: { type: 'kafka', name: record.topic, host: record.headers['quell.host'] || null },
    format: record.headers['quell.format'] || null,
    contentType: record.headers['content-type'] || 'application/octet-stream',
    payload: record.value,
    attributes: { 'kafka.partition': String(record.partition), 'kafka.offset': record.offset },
  };
}
