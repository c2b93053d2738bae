import type { RawEvent } from '@quell/contracts';
import { stableId } from '@quell/normalize';
import { isDeclaredFormat, recordFormatFor, type DeclaredFormat } from './wire-formats';

export interface HttpEntry {
  /** See requestIdentity: fresh per entry, or derived from the request's Idempotency-Key. */
  id: string;
  tenant: string;
  receivedAt: number;
  sourceName: string;
  payload: Buffer;
  format: string;
  contentType: string;
}

/** A RawEvent for one HTTP entry. */
export function rawEventFromHttp(entry: HttpEntry): RawEvent {
  return {
    id: entry.id,
    tenant: entry.tenant,
    receivedAt: entry.receivedAt,
    source: { type: 'http', name: entry.sourceName, host: null },
    format: entry.format,
    contentType: entry.contentType,
    payload: entry.payload,
    attributes: {},
  };
}

/** How records of one shipper topic are read: declared format (or auto) and tenant. */
export interface ShipperTopic {
  format: DeclaredFormat | 'auto';
  tenant: string;
  /** The record's `quell.tenant` header may name the tenant (only on the unlisted ingest topic). */
  tenantFromHeader: boolean;
}

/**
 * A RawEvent for one shipper record. The id derives from the record's position, so reading the
 * same record again (after a crash or rebalance) yields the same id and no duplicate downstream.
 */
export function rawEventFromShipper(
  record: { topic: string; partition: number; offset: string; timestamp: number; headers: Record<string, string>; value: Buffer },
  topic: ShipperTopic,
  receivedAt: number,
): RawEvent {
  const declared = topic.format === 'auto' ? record.headers['quell.format'] || null : topic.format;
  return {
    id: stableId(record.timestamp, `${record.topic}:${record.partition}:${record.offset}`),
    tenant: (topic.tenantFromHeader && record.headers['quell.tenant']) || topic.tenant,
    receivedAt,
    source: { type: 'kafka', name: record.topic, host: record.headers['quell.host'] || null },
    format: declared && recordFormatOf(declared, record.value),
    contentType: record.headers['content-type'] || 'application/octet-stream',
    payload: record.value,
    attributes: { 'kafka.partition': String(record.partition), 'kafka.offset': record.offset },
  };
}

/**
 * A declared format as the RawEvent names it (`syslog` → 5424 or 3164 per record, as for HTTP's
 * `?format=`); a header naming no format is kept, so the dead letter says which name was refused.
 */
function recordFormatOf(declared: string, value: Buffer): string {
  return isDeclaredFormat(declared) ? recordFormatFor(declared, value.toString('utf8', 0, 64)) : declared;
}
