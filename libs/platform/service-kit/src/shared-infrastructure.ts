import { AvroCodec, topicsFor, type Topics } from '@quell/contracts';
import { ConfigError, type BaseServiceConfig } from '@quell/platform-config';
import {
  createKafkaEventBus,
  InProcessEventBus,
  withBrokerReach,
  type KafkaConnectionOptions,
  type BusLogger,
  type EventBus,
  type RestartBackoff,
} from '@quell/platform-kafka';
import { ClickHouseDeadLetters, type DeadLetterStore } from '@quell/platform-dead-letters';
import { ClickHouseDeliveryHistory, ClickHouseDeliveryLog, type DeliveryHistory, type DeliveryLog } from '@quell/platform-delivery-log';
import { createClickHouseClient, MigrationRunner, NativeMemoryTrim, pingClickHouse, runsOnGlibc, DEFAULT_TRIM_MIN_GROWTH_BYTES, type ClickHouseClient } from '@quell/platform-clickhouse';
import { ChangeHistoryRepository, type ChangeHistory } from '@quell/platform-change-history';
import { EventHistoryRepository, type EventHistory } from '@quell/platform-event-history';
import { IncidentHistoryRepository, type IncidentHistory } from '@quell/platform-incident-history';
import { ClickHouseIncidentSearch, type IncidentSearch } from '@quell/platform-incident-history';
import { ClickHousePipelineStats, type PipelineStats } from '@quell/platform-pipeline-stats';
import { createRedisClient, pingRedis } from '@quell/platform-redis';
import { InMemoryDocumentStore, InMemoryStateStore, RedisDocumentStore, RedisStateStore, SqliteDocumentStore, StateFile, type DocumentStore, type StateStore } from '@quell/platform-state';
import { SqliteTimerJournal, type TimerJournals } from '@quell/platform-timers';
import type { Redis, Cluster } from 'ioredis';
import { QUELL_MIGRATION_SETS } from './migration-sets';
import { ensureServiceTopics } from './service-topics';

/**
 * The clients one process holds: created once, shared by every service module in the process
 * (one in distributed mode, seven in the all-in-one mode), closed after the apps stop.
 */
export interface SharedInfrastructure {
  codec: AvroCodec;
  topics: Topics;
  bus: EventBus;
  /** The client itself stays in the platform (readiness, tests); services get the repositories below. */
  clickhouse?: ClickHouseClient;
  eventHistory?: EventHistory;
  changeHistory?: ChangeHistory;
  incidentHistory?: IncidentHistory;
  incidentSearch?: IncidentSearch;
  /** Counts per pipeline stage and rule, read across the history tables (the funnel and rule hits). */
  pipelineStats?: PipelineStats;
  /** The notifier's delivery log (batched writes). */
  deliveryLog?: DeliveryLog;
  /** The delivery log as operators read it (failed deliveries). */
  deliveryHistory?: DeliveryHistory;
  /** The dead letters kept for listing and replay (quell_dead_letters). */
  deadLetters?: DeadLetterStore;
  redis?: Redis | Cluster;
  stateStore?: StateStore;
  documentStore?: DocumentStore;
  /** The services' timers in the state file (with `needs.stateFile`, without Redis). */
  timerJournals?: TimerJournals;
  close(): Promise<void>;
}

export interface InfrastructureNeeds {
  clickhouse?: boolean;
  /** Redis when REDIS_URL is set, in-memory otherwise: the document store and the state store. */
  state?: boolean;
  /** Without Redis, keep the in-memory documents and timers in this file too, so a restart goes on from them (the all-in-one's data directory). */
  stateFile?: string;
  /** Use this bus instead of creating one (the all-in-one process and tests share one). */
  bus?: EventBus;
}

export async function createSharedInfrastructure(
  config: BaseServiceConfig,
  needs: InfrastructureNeeds,
  logger: BusLogger,
): Promise<SharedInfrastructure> {
  const topics = topicsFor(config.TOPIC_PREFIX);
  const closers: (() => Promise<void>)[] = [];
  let bus = needs.bus;
  if (!bus) {
    bus =
      config.BUS === 'memory'
        ? new InProcessEventBus({
            logger,
            maxBatchRecords: config.BATCH_MAX_RECORDS,
            queueMaxRecords: config.INPROCESS_QUEUE_MAX_RECORDS,
            queueMaxBytes: config.INPROCESS_QUEUE_MAX_BYTES,
            restartBackoff: restartBackoff(config),
          })
        : await kafkaBus(config, topics, logger);
    const owned = bus;
    closers.push(() => owned.close());
  }

  try {
    const clickhouse = needs.clickhouse ? await startClickHouse(config, closers, logger) : undefined;
    const state = needs.state ? await startState(config, closers, needs.stateFile) : {};
    return {
      codec: new AvroCodec(),
      topics,
      bus,
      clickhouse,
      eventHistory: clickhouse && new EventHistoryRepository(clickhouse, config.CLICKHOUSE_DATABASE),
      changeHistory: clickhouse && new ChangeHistoryRepository(clickhouse, config.CLICKHOUSE_DATABASE),
      incidentHistory: clickhouse && new IncidentHistoryRepository(clickhouse, config.CLICKHOUSE_DATABASE),
      incidentSearch: clickhouse && new ClickHouseIncidentSearch(clickhouse, config.CLICKHOUSE_DATABASE),
      pipelineStats: clickhouse && new ClickHousePipelineStats(clickhouse, config.CLICKHOUSE_DATABASE),
      deliveryLog: clickhouse && new ClickHouseDeliveryLog(clickhouse, { database: config.CLICKHOUSE_DATABASE }),
      deliveryHistory: clickhouse && new ClickHouseDeliveryHistory(clickhouse, config.CLICKHOUSE_DATABASE),
      deadLetters: clickhouse && new ClickHouseDeadLetters(clickhouse, { database: config.CLICKHOUSE_DATABASE }),
      ...state,
      close: () => closeAll(closers),
    };
  } catch (error) {
    // A failed start releases what it opened (the bus, the embedded engine's data-directory lock).
    await closeAll(closers).catch(() => undefined);
    throw error;
  }
}

// Creation order: the bus (producer flush) first, storage after it.
async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  for (const close of closers) await close();
}

/**
 * The client, pinged (an unreachable server fails the start, its URL's credentials left out) and
 * migrated: every lib's migration set, in QUELL_MIGRATION_SETS' order.
 */
async function startClickHouse(config: BaseServiceConfig, closers: (() => Promise<void>)[], logger: BusLogger): Promise<ClickHouseClient> {
  const options = { url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, dataDir: config.CLICKHOUSE_DATA_DIR };
  const client = createClickHouseClient(options);
  const trim = options.url ? undefined : trimEngineMemory(config, logger);
  closers.push(() => {
    trim?.stop();
    return client.close();
  });
  await pingClickHouse(client, options);
  await new MigrationRunner(client, { sets: QUELL_MIGRATION_SETS, database: config.CLICKHOUSE_DATABASE }).run();
  return client;
}

/** The embedded engine's freed native memory given back while it runs (see NativeMemoryTrim). */
function trimEngineMemory(config: BaseServiceConfig, logger: BusLogger): NativeMemoryTrim | undefined {
  if (config.CLICKHOUSE_EMBEDDED_TRIM_MS === 0 || !runsOnGlibc()) return undefined;
  const onError = (error: unknown) => logger.warn({ err: error }, 'native memory trim failed; RSS keeps what the embedded engine freed');
  try {
    return new NativeMemoryTrim({ intervalMs: config.CLICKHOUSE_EMBEDDED_TRIM_MS, minGrowthBytes: DEFAULT_TRIM_MIN_GROWTH_BYTES, onError }).start();
  } catch (error) {
    onError(error);
    return undefined;
  }
}

/** Redis when REDIS_URL is set (pinged at start, the URL's password masked in the error), otherwise the documents in `stateFile` (in memory without one), the timers in memory journaled to it, and the window state in memory. */
async function startState(
  config: BaseServiceConfig,
  closers: (() => Promise<void>)[],
  stateFile: string | undefined,
): Promise<Pick<SharedInfrastructure, 'redis' | 'stateStore' | 'documentStore' | 'timerJournals'>> {
  if (!config.REDIS_URL) return { stateStore: new InMemoryStateStore(), ...stateWithoutRedis(closers, stateFile) };
  const client = createRedisClient(config.REDIS_URL, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
  await pingRedis(client, config.REDIS_URL);
  // QUIT delivers pending replies first; a client already closed just disconnects.
  closers.push(() => client.quit().then(() => undefined, () => client.disconnect()));
  return {
    redis: client,
    stateStore: new RedisStateStore(client, `${config.KAFKA_GROUP_PREFIX}:state:`),
    // WARNING: durable state; keys are `<group prefix>:{<tenant>}:…` (see RedisDocumentStore).
    documentStore: new RedisDocumentStore(client, `${config.KAFKA_GROUP_PREFIX}:`),
  };
}

function stateWithoutRedis(closers: (() => Promise<void>)[], stateFile: string | undefined): Pick<SharedInfrastructure, 'documentStore' | 'timerJournals'> {
  if (!stateFile) return { documentStore: new InMemoryDocumentStore() };
  const file = new StateFile(stateFile);
  closers.push(async () => file.close());
  return { documentStore: new SqliteDocumentStore(file), timerJournals: (prefix) => new SqliteTimerJournal(file, prefix) };
}

/** How this process reaches Kafka (also for readers outside the bus, e.g. a compacted topic read whole). */
export function kafkaConnectionOf(config: BaseServiceConfig): KafkaConnectionOptions {
  return {
    brokers: config.KAFKA_BROKERS ?? [],
    clientId: config.KAFKA_CLIENT_ID,
    ssl: config.KAFKA_SSL,
    sasl:
      config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD
        ? { username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD, mechanism: config.KAFKA_SASL_MECHANISM }
        : undefined,
  };
}

async function kafkaBus(config: BaseServiceConfig, topics: Topics, logger: BusLogger): Promise<EventBus> {
  const connection = kafkaConnectionOf(config);
  // The first calls to the broker: one that finds none answering fails the start naming KAFKA_BROKERS,
  // like an unreachable Redis or ClickHouse (the supervisor restarts the process; nothing is consumed yet).
  // Topics and their message-size limit through the bus's client.
  const limit = await withBrokerReach(connection.brokers, () => ensureServiceTopics(config, connection, topics, logger));
  if (limit && config.KAFKA_MAX_REQUEST_BYTES > limit.bytes) {
    throw new ConfigError([
      {
        key: 'KAFKA_MAX_REQUEST_BYTES',
        message: `${config.KAFKA_MAX_REQUEST_BYTES} exceeds max.message.bytes of topic ${limit.topic} (${limit.bytes}); lower it or raise the broker/topic limit`,
      },
    ]);
  }
  return createKafkaEventBus(config.KAFKA_CLIENT, connection, {
    logger,
    maxBatchRecords: config.BATCH_MAX_RECORDS,
    publishTimeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS,
    maxRequestBytes: config.KAFKA_MAX_REQUEST_BYTES,
    compression: config.KAFKA_COMPRESSION,
    defaultFetch: {
      maxBytesPerPartition: config.KAFKA_FETCH_MAX_BYTES_PER_PARTITION,
      maxBytes: config.KAFKA_FETCH_MAX_BYTES,
      minBytes: config.KAFKA_FETCH_MIN_BYTES,
      maxWaitTimeInMs: config.KAFKA_FETCH_MAX_WAIT_MS,
    },
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
    supervision: {
      backoff: restartBackoff(config),
      maxBatchMs: config.KAFKA_CONSUMER_MAX_BATCH_MS,
      stallMs: config.KAFKA_CONSUMER_STALL_MS,
      lagIntervalMs: config.KAFKA_LAG_INTERVAL_MS,
    },
  });
}

function restartBackoff(config: BaseServiceConfig): RestartBackoff {
  return {
    initialMs: config.KAFKA_CONSUMER_RESTART_BACKOFF_MS,
    maxMs: config.KAFKA_CONSUMER_RESTART_MAX_BACKOFF_MS,
    maxFailedRestarts: config.KAFKA_CONSUMER_MAX_RESTARTS,
  };
}
