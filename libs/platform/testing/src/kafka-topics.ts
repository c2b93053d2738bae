import { Kafka, logLevel } from 'kafkajs';

/** A kafkajs client for test plumbing: quiet, because kafkajs logs every retry at ERROR. */
export function testKafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

/**
 * Creates `topics` (each with `partitions` partitions and one replica) and returns once every
 * partition has a leader, so a producer's first send does not race the election.
 */
export async function createTopics(brokers: string[], topics: string[], partitions = 3): Promise<void> {
  const admin = testKafkaClient(brokers, 'quell-test-admin').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
