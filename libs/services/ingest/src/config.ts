import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
import { ingestApiKeysSetting } from './api-keys';
import { parseTopicSpecs } from './kafka/topic-spec';

/** Validated at start-up so that a typo in a topic list refuses the boot instead of dropping a source. */
const topicList = z.string().transform((raw, ctx) => {
  try {
    return parseTopicSpecs(raw);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const ingestConfigSchema = baseServiceSchema({ serviceName: 'ingest', httpPort: 8080 }).extend({
  INGEST_API_KEYS: ingestApiKeysSetting().describe(
    'Comma-separated `tenant:key` pairs, the key in plaintext or as `sha256:<hex>` (`quell keys hash`); callers send `Authorization: Bearer <key>`. Keys are kept only as hashes.',
  ),
  INGEST_DEFAULT_TENANT: z.string().min(1).default('default').describe('Tenant of records on the shipper topic that carry no `quell.tenant` header.'),
  INGEST_MAX_BODY_BYTES: intInRange(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024).describe('Largest HTTP body accepted, after gzip inflation (413 above).'),
  INGEST_MAX_EVENTS: intInRange(1, 100_000).default(10_000).describe('Most events accepted in one HTTP request (413 above).'),
  INGEST_MAX_EVENT_BYTES: intInRange(64, 10 * 1024 * 1024).default(256 * 1024).describe('Largest single event; a larger entry is rejected with a reason, the others accepted.'),
  INGEST_RATE_EVENTS_PER_SEC: intInRange(0, 10_000_000).default(0).describe('Sustained events per second per tenant over HTTP (429 with Retry-After above); 0 = unlimited.'),
  INGEST_RATE_BURST: intInRange(0, 10_000_000).default(0).describe('Extra events per tenant a burst may use on top of the rate, refilled over 10 s.'),
  INGEST_BACKPRESSURE_WAIT_MS: intInRange(0, 60_000)
    .default(2_000)
    .describe(
      'All-in-one: how long an HTTP request waits for room when the pipeline is full before a 503 with Retry-After (nothing of it stored); 0 = answer at once. Over Kafka, KAFKA_PUBLISH_TIMEOUT_MS bounds the publish instead.',
    ),
  INGEST_KAFKA_TOPICS: topicList
    .default([])
    .describe('Shipper topics as `name-or-/regex/:format-or-auto:tenant`, comma-separated. The ingest role topic is always read; list it by name to set its format and tenant.'),
  INGEST_SYSLOG_TCP_PORT: intInRange(0, 65535).optional().describe('Syslog over TCP (RFC 6587 octet counting or newline framing); off when unset.'),
  INGEST_SYSLOG_UDP_PORT: intInRange(0, 65535).optional().describe('Syslog over UDP, one message per datagram; off when unset.'),
  INGEST_SYSLOG_UDP_RECEIVE_BUFFER_BYTES: intInRange(64 * 1024, 256 * 1024 * 1024)
    .default(4 * 1024 * 1024)
    .describe(
      'Kernel receive buffer of the syslog UDP socket: datagrams arriving while Quell is busy wait there, and beyond it the kernel drops them (counted as reason="receive_buffer_full"). Capped by net.core.rmem_max.',
    ),
  INGEST_SYSLOG_TENANT: z.string().min(1).default('default').describe('Tenant of syslog messages received over TCP or UDP.'),
  INGEST_SYSLOG_MAX_MESSAGE_BYTES: intInRange(480, 1024 * 1024)
    .default(64 * 1024)
    .describe('Longest syslog message: a longer line or datagram is dropped and counted; an octet count above it closes the TCP connection.'),
  INGEST_SYSLOG_TCP_IDLE_TIMEOUT_MS: intInRange(0, 86_400_000).default(60_000).describe('A syslog TCP connection silent this long is closed (what it holds is handled as at a close); 0 = never.'),
  INGEST_SYSLOG_TCP_MAX_CONNECTIONS: intInRange(1, 1_000_000).default(1000).describe('Open syslog TCP connections at most; further ones are refused, logged and counted.'),
  INGEST_SYSLOG_MAX_BACKLOG_BYTES: intInRange(1024, 4 * 1024 * 1024 * 1024)
    .default(64 * 1024 * 1024)
    .describe('Syslog bytes held while Kafka is slow or away; above it TCP reading pauses (senders queue) and UDP datagrams are dropped and counted, until half is published.'),
})
  // An accepted event must fit the producer's bound down the pipeline: the normalized event carries
  // the original fields and more (about twice the raw size), so a third of the bound is kept for it.
  .refine((config) => config.BUS !== 'kafka' || !(config.INGEST_MAX_EVENT_BYTES * 3 > config.KAFKA_MAX_REQUEST_BYTES), {
    path: ['INGEST_MAX_EVENT_BYTES'],
    message: 'must not exceed a third of KAFKA_MAX_REQUEST_BYTES when BUS=kafka (a normalized event is larger than its raw event)',
    when: () => true,
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
