import type { RawEvent } from '@quell/contracts';
import type { SyslogTransport } from './syslog/syslog.metrics';

/*
 * Keys of the records ingest writes to the raw topic. The key picks the partition, and a partition
 * is read by one normalizer replica, so the key decides how far normalizing scales out: keyed by
 * tenant (as before), one tenant's traffic sat on one partition and extra replicas idled.
 *
 * What order must hold: the normalizer is stateless per record, and everything after it orders by
 * the event's own time (allowed lateness, DESIGN "Time"), so raw order matters only among events
 * with equal timestamps of one source (temporal_ordered keeps their order in the partition). Hence:
 * - HTTP entries and keyless shipper records are keyed by their event id: spread evenly; a retry
 *   with the same Idempotency-Key yields the same ids, so the same partitions.
 * - Shipper records that carry a key keep it: the shipper chose what must stay in order.
 * - Syslog messages are keyed by their sender's connection (TCP) or address and port (UDP): one
 *   sender's lines keep their order (syslog timestamps are often whole seconds), and senders spread.
 * WARNING: downstream partitioning assumptions rest on these; change them with this comment.
 */

/** An HTTP entry, or a shipper record without a key of its own. */
export function rawKeyOfEvent(raw: RawEvent): string {
  return raw.id;
}

/** A syslog message: its sender's connection or datagram source, `<transport>:<address>:<port>`. */
export function rawKeyOfSyslogSender(transport: SyslogTransport, remote: string): string {
  return `${transport}:${remote}`;
}
