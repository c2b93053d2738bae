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
