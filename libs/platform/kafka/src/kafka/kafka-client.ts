import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { reconcileTopics } from '../topics/topic-admin.port';
import type { TopicSpec } from '../topics/topic-plan';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop-fix';
import { KafkajsTopicAdmin } from './kafkajs-topic-admin';

// Every kafkajs client of the process, whoever creates it, without the idle 1 ms timer loop.
fixKafkajsIdleLoop();

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { username: string; password: string; mechanism?: 'plain' | 'scram-sha-256' | 'scram-sha-512' };
}

export function createKafka(options: KafkaConnectionOptions, level: logLevel = logLevel.ERROR): Kafka {
  const config: KafkaConfig = {
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.ssl ?? false,
    // kafkajs logs through its own JSON logger; only problems are worth a line.
    logLevel: level,
    // Delays capped at 5 s (kafkajs: 30 s): an operation gives up after ~20 s of broker outage
    // rather than ~50 s, and a consumer restarting during an outage reconnects within ~5 s of the
    // broker's return instead of sleeping through it.
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
  };
  if (options.sasl) {
    const { username, password, mechanism = 'scram-sha-512' } = options.sasl;
    config.sasl = { mechanism, username, password } as SASLOptions;
  }
  return new Kafka(config);
}

/**
 * Creates the topics that do not exist yet, those without a partition count with `defaultPartitions`
 * (tests and benchmarks; services create theirs from configuration through reconcileTopics).
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], defaultPartitions = 3): Promise<void> {
  const admin = new KafkajsTopicAdmin(kafka);
  try {
    await reconcileTopics(
      admin,
      specs.map((spec) => ({ ...spec, partitions: spec.partitions ?? defaultPartitions })),
    );
  } finally {
    await admin.close();
  }
}
