import type { RawEvent } from '@quell/contracts';
import type { DeadLetterOrigin } from '@quell/platform-kafka';

/**
 * The shipper topic, partition and offset a RawEvent was read from (ingest records them in
 * `source` and `attributes`), or undefined for one that came over HTTP or syslog.
 */
export function shipperOrigin(raw: RawEvent): DeadLetterOrigin | undefined {
  const partition = Number(raw.attributes['kafka.partition']);
  const offset = raw.attributes['kafka.offset'];
  if (raw.source.type !== 'kafka' || !Number.isInteger(partition) || !offset) return undefined;
  return { topic: raw.source.name, partition, offset };
}

/**
 * What a RawEvent knew of its record, as headers for its dead letter: the tenant (every raw
 * record's), and for a shipper's record the headers ingest read from it (`quell.host`,
 * `content-type`; a `quell.format` is not kept), so that a replay is wrapped as the same tenant's.
 */
export function shipperHeaders(raw: RawEvent): Record<string, string> {
  const headers: Record<string, string> = { 'quell.tenant': raw.tenant };
  if (raw.source.type !== 'kafka') return headers;
  if (raw.source.host) headers['quell.host'] = raw.source.host;
  if (raw.contentType !== 'application/octet-stream') headers['content-type'] = raw.contentType;
  return headers;
}
