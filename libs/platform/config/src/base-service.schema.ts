import { z } from 'zod';
import { boolFromString, commaList, intInRange, oneOf, secret } from './schema-helpers';
import { checkOidcSettings, oidcSchemaShape } from './oidc.schema';
import { topicOverrides } from './topic-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const BUS_KINDS = ['kafka', 'memory'] as const;
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
// The same lists as @quell/platform-kafka's KAFKA_CLIENTS and COMPRESSIONS (config imports no platform lib).
export const KAFKA_CLIENT_KINDS = ['kafkajs', 'platformatic'] as const;
export const KAFKA_COMPRESSIONS = ['none', 'gzip', 'lz4', 'zstd'] as const;

export interface ServiceDefaults {
  serviceName: string;
  httpPort: number;
}

/**
 * The environment variables every Quell service shares. Returns a plain zod object so an app
 * can `.extend()` it with its own keys (zod refuses to *overwrite* a base key through
 * `.extend()` because of the cross-key rules below; use `.safeExtend()` for that).
 */
export function baseServiceSchema(defaults: ServiceDefaults) {
  return z
    .object({
      SERVICE_NAME: z.string().min(1).default(defaults.serviceName).describe('Service name put on every log line and metric.'),
      LOG_LEVEL: oneOf(LOG_LEVELS).default('info').describe(`Minimum log level (${LOG_LEVELS.join(', ')}).`),
      HTTP_PORT: intInRange(1, 65535).default(defaults.httpPort).describe('Port of the HTTP server (API, health, metrics).'),
      HTTP_HOST: z
        .string()
        .regex(/^[\w.:-]+$/, 'expected an interface address or host name, e.g. 0.0.0.0, 127.0.0.1 or ::')
        .default('0.0.0.0')
        .describe('Interface the HTTP server listens on (0.0.0.0: every IPv4 interface; 127.0.0.1: this machine only).'),
      HTTP_MAX_BODY_BYTES: intInRange(1024, 100 * 1024 * 1024)
        .default(1024 * 1024)
        .describe('Largest JSON request body an HTTP API route accepts, counted once gzip/deflate is inflated (413 above); ingest and the rules API have their own limits.'),

      BUS: oneOf(BUS_KINDS).default('kafka').describe('Message bus: `kafka`, or `memory` for the all-in-one process.'),
      KAFKA_BROKERS: commaList().optional().describe('Comma-separated Kafka bootstrap brokers (host:port). Required when BUS=kafka.'),
      KAFKA_CLIENT_ID: z.string().min(1).default(defaults.serviceName).describe('Kafka client id; defaults to the service name.'),
      KAFKA_GROUP_PREFIX: z.string().min(1).default('quell').describe('Prefix of consumer group ids (`<prefix>.<service>`).'),
      TOPIC_PREFIX: z.string().default('').describe('Prefix added to every topic name, e.g. per environment or per test.'),
      KAFKA_SASL_MECHANISM: oneOf(SASL_MECHANISMS).default('plain').describe('SASL mechanism used when KAFKA_SASL_USERNAME is set.'),
      KAFKA_SASL_USERNAME: secret().optional().describe('SASL username; set together with KAFKA_SASL_PASSWORD.'),
      KAFKA_SASL_PASSWORD: secret().optional().describe('SASL password; set together with KAFKA_SASL_USERNAME.'),
      KAFKA_SSL: boolFromString().default(false).describe('Connect to Kafka over TLS.'),
      KAFKA_PUBLISH_TIMEOUT_MS: intInRange(500, 120_000)
        .default(5_000)
        .describe('A publish resolves or fails (retriable) within this time, e.g. during a broker outage.'),
      KAFKA_MAX_REQUEST_BYTES: intInRange(64 * 1024, 64 * 1024 * 1024)
        .default(900_000)
        .describe("Largest producer batch in bytes; a publish is split below it, and one larger record is refused. Must not exceed the topics' max.message.bytes."),
      KAFKA_CONSUMER_MAX_RESTARTS: intInRange(0, 1_000)
        .default(12)
        .describe('Consecutive failed restarts of a crashed consumer before liveness fails and the process exits.'),
      KAFKA_CONSUMER_RESTART_BACKOFF_MS: intInRange(10, 600_000).default(1_000).describe('Delay before the first restart of a crashed consumer (doubles per attempt).'),
      KAFKA_CONSUMER_RESTART_MAX_BACKOFF_MS: intInRange(10, 600_000).default(30_000).describe('Longest delay between two restarts of a crashed consumer.'),
      KAFKA_CONSUMER_MAX_BATCH_MS: intInRange(1_000, 3_600_000)
        .default(120_000)
        .describe('A consumer holding one batch longer than this is stuck: the service is not ready.'),
      KAFKA_CONSUMER_STALL_MS: intInRange(1_000, 3_600_000)
        .default(120_000)
        .describe("A group whose committed offsets do not move for this long while the broker shows lag is stuck: the service is not ready."),
      KAFKA_LAG_INTERVAL_MS: intInRange(500, 600_000).default(10_000).describe("How often each consumer group's lag is read from the broker."),
      KAFKA_CLIENT: oneOf(KAFKA_CLIENT_KINDS)
        .default('platformatic')
        .describe('Kafka client under the event bus: `platformatic` (@platformatic/kafka, maintained) or `kafkajs` (unmaintained since 2023); same guarantees, see tools/bench/kafka-client.ts.'),
      KAFKA_COMPRESSION: oneOf(KAFKA_COMPRESSIONS)
        .default('none')
        .describe('Compression of produced batches (none, gzip, lz4, zstd; zstd makes Quell events 4.6 times smaller at about the same CPU). Every consumer of the topics must read it: kafkajs only with codecs registered.'),
      KAFKA_FETCH_MAX_BYTES_PER_PARTITION: intInRange(16 * 1024, 64 * 1024 * 1024)
        .default(1024 * 1024)
        .describe('Most bytes one partition adds to a consumer fetch (a group may set its own, e.g. the history writer).'),
      KAFKA_FETCH_MAX_BYTES: intInRange(64 * 1024, 256 * 1024 * 1024).default(10 * 1024 * 1024).describe('Most bytes of one consumer fetch over all partitions.'),
      KAFKA_FETCH_MIN_BYTES: intInRange(1, 64 * 1024 * 1024)
        .default(1)
        .describe('Bytes the broker waits for before it answers a consumer fetch, up to KAFKA_FETCH_MAX_WAIT_MS (a group may set its own, e.g. the history writer).'),
      KAFKA_FETCH_MAX_WAIT_MS: intInRange(10, 30_000)
        .default(5_000)
        .describe('Longest the broker holds a consumer fetch waiting for KAFKA_FETCH_MIN_BYTES (with 1, only while there is nothing to read).'),
      KAFKA_PARTITIONS_CONCURRENTLY: intInRange(1, 256)
        .default(3)
        .describe('Partitions of one consumer handled at the same time (each stays in order). The history groups (history writer, alert and incident history) handle every partition of a fetch at once, so a fetch is one insert.'),
      KAFKA_TOPIC_DEFAULT_PARTITIONS: intInRange(1, 10_000)
        .default(6)
        .describe(
          "Partitions of each topic Quell creates, unless KAFKA_TOPIC_SETTINGS sets a topic's own: the most replicas of one consumer group that get work (deploy/k8s maxReplicaCount follows it).",
        ),
      KAFKA_TOPIC_REPLICATION_FACTOR: intInRange(1, 32)
        .optional()
        .describe("Copies of each partition of the topics Quell creates; unset: the broker's default.replication.factor (use 3 on a production cluster)."),
      KAFKA_TOPIC_SETTINGS: topicOverrides()
        .optional()
        .describe(
          'Per-topic settings over the defaults (README, Topics), comma-separated `<role>.<setting>=<value>`; settings: partitions, replicationFactor, retentionMs (-1: forever), cleanupPolicy (delete or compact); e.g. `raw.partitions=12,deadLetters.retentionMs=-1`.',
        ),
      KAFKA_TOPIC_GROW_PARTITIONS: boolFromString()
        .default(false)
        .describe(
          'When an existing topic has fewer partitions than configured: add them at start (true) or log a warning (false). Adding moves keys to other partitions: records of one key written before and after may be handled out of order once.',
        ),

      CLICKHOUSE_URL: z.url().optional().describe('ClickHouse server URL; when absent the embedded engine (chdb) is used.'),
      CLICKHOUSE_USER: z.string().min(1).default('default').describe('ClickHouse user (server mode only).'),
      CLICKHOUSE_PASSWORD: secret().optional().describe('ClickHouse password (server mode only).'),
      CLICKHOUSE_DATABASE: z.string().min(1).default('quell').describe('ClickHouse database holding Quell tables.'),
      CLICKHOUSE_DATA_DIR: z
        .string()
        .min(1)
        .default('.quell-data/clickhouse')
        .describe('Data directory of the embedded engine; one process per directory.'),
      CLICKHOUSE_EMBEDDED_TRIM_MS: intInRange(0, 3_600_000)
        .default(1_000)
        .describe(
          'Embedded engine only: how often, in ms, RSS is looked at to give back the native memory the engine freed but the C allocator still holds (malloc_trim, once RSS grew by 32 MiB; glibc only). 0: never.',
        ),

      REDIS_URL: z.url().optional().describe('Redis URL for dedup state; when absent an in-memory store is used.'),
      REDIS_COMMAND_TIMEOUT_MS: intInRange(100, 600_000)
        .default(5_000)
        .describe('A Redis command fails after this long (e.g. a paused server) instead of holding its batch.'),

      DELIVERY_MAX_ATTEMPTS: intInRange(1, 100).default(5).describe('Attempts per record before it goes to the dead-letter topic.'),
      DELIVERY_BACKOFF_MS: intInRange(0, 600_000).default(200).describe('Initial retry backoff in ms (doubles per attempt).'),
      BATCH_MAX_RECORDS: intInRange(1, 100_000).default(500).describe('Maximum records handled or inserted per batch.'),
      INPROCESS_QUEUE_MAX_RECORDS: intInRange(1, 10_000_000)
        .default(20_000)
        .describe(
          'All-in-one (BUS=memory): records a topic may hold that its slowest consumer group has not committed; a stage publishing into a full topic waits (HTTP ingest answers 503). Topics nobody consumes keep their last this many.',
        ),
      INPROCESS_QUEUE_MAX_BYTES: intInRange(2 ** 20, 2 ** 40)
        .default(16 * 2 ** 20)
        .describe(
          'All-in-one (BUS=memory): the same bound in approximate bytes (the text of what waits), so memory stays bounded whatever the events size; a topic is full at either bound.',
        ),
      SHUTDOWN_TIMEOUT_MS: intInRange(0, 600_000).default(10_000).describe('Time allowed for in-flight work to finish on shutdown.'),
      ...oidcSchemaShape,
    })
    .refine((config) => config.BUS !== 'kafka' || (config.KAFKA_BROKERS?.length ?? 0) > 0, {
      path: ['KAFKA_BROKERS'],
      message: 'required when BUS=kafka',
      // Run even when other keys failed, so the operator sees every problem in one boot.
      when: () => true,
    })
    .refine((config) => !(config.KAFKA_CONSUMER_RESTART_MAX_BACKOFF_MS < config.KAFKA_CONSUMER_RESTART_BACKOFF_MS), {
      path: ['KAFKA_CONSUMER_RESTART_MAX_BACKOFF_MS'],
      message: 'must be at least KAFKA_CONSUMER_RESTART_BACKOFF_MS',
      when: () => true,
    })
    .refine((config) => (config.KAFKA_SASL_USERNAME === undefined) === (config.KAFKA_SASL_PASSWORD === undefined), {
      path: ['KAFKA_SASL_PASSWORD'],
      message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together',
      when: () => true,
    })
    .superRefine(checkOidcSettings, { when: () => true });
}

export type BaseServiceConfig = z.infer<ReturnType<typeof baseServiceSchema>>;
