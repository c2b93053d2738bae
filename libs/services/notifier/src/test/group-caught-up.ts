import { testKafkaClient } from '@quell/platform-testing';

/** True once `groupId` has committed every record of `topic` (for waitFor), else undefined. */
export async function groupCaughtUp(brokers: string[], groupId: string, topic: string): Promise<true | undefined> {
  const admin = testKafkaClient(brokers, 'notifier-test-admin').admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const done = ends.every((end) => end.high === '0' || BigInt(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1') >= BigInt(end.high));
    return done ? true : undefined;
  } finally {
    await admin.disconnect();
  }
}
