import type { IHeaders } from 'kafkajs';
import { testKafkaClient } from './kafka-topics';
import { uniqueName } from './unique-name';

export interface CollectedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface CollectTopicOptions {
  /** true (default): everything in the topic; false: only what is produced after the call returns. */
  fromBeginning?: boolean;
}

export interface TopicCollector {
  /** Every message consumed so far, in arrival order (per partition, in offset order). */
  messages: CollectedMessage[];
  stop(): Promise<void>;
}

/**
 * Consumes `topic` with a fresh consumer group into an array, for assertions (usually with
 * waitFor). Resolves once the consumer has joined its group. With `fromBeginning: false` it
 * records the end offsets first and drops anything older, which is exact, unlike the consumer's
 * own "latest" reset that would miss messages produced while the group is still joining.
 */
export async function collectTopic(brokers: string[], topic: string, options: CollectTopicOptions = {}): Promise<TopicCollector> {
  const kafka = testKafkaClient(brokers, 'quell-test-collector');
  const startAt = options.fromBeginning === false ? await endOffsets(brokers, topic) : new Map<number, bigint>();
  const consumer = kafka.consumer({ groupId: uniqueName('collect'), maxWaitTimeInMs: 100, sessionTimeout: 10000 });
  const messages: CollectedMessage[] = [];
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      if (BigInt(message.offset) < (startAt.get(partition) ?? 0n)) return;
      const { key, value, offset, timestamp } = message;
      messages.push({ topic: from, partition, offset, key, value, timestamp, headers: message.headers ?? {} });
    },
  });
  await joined;
  return { messages, stop: () => consumer.disconnect() };
}

async function endOffsets(brokers: string[], topic: string): Promise<Map<number, bigint>> {
  const admin = testKafkaClient(brokers, 'quell-test-collector').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  } finally {
    await admin.disconnect();
  }
}
