import type { Admin } from 'kafkajs';

/** Every topic's end offsets summed, `topic → records ever written` (nothing here is compacted away mid-run). */
export async function topicSizes(admin: Admin, topics: readonly string[]): Promise<Map<string, number>> {
  const existing = new Set(await admin.listTopics());
  const sizes = new Map<string, number>();
  for (const topic of topics) {
    const offsets = existing.has(topic) ? await admin.fetchTopicOffsets(topic) : [];
    sizes.set(topic, offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0));
  }
  return sizes;
}

/**
 * True when every consumer group whose id starts with `groupPrefix` has committed every record of
 * every topic it reads (of `onlyTopics`, when given), and every non-empty topic in `mustBeRead` has a group reading it. Stages
 * commit only after producing what a record caused, so once this holds nothing more is coming.
 */
export async function pipelineIdle(admin: Admin, groupPrefix: string, mustBeRead: readonly string[], onlyTopics?: readonly string[]): Promise<boolean> {
  const { groups } = await admin.listGroups();
  const read = new Set<string>();
  const ends = new Map<string, Map<number, bigint>>();
  const endOf = async (topic: string) => {
    const known = ends.get(topic);
    if (known) return known;
    const end = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    ends.set(topic, end);
    return end;
  };
  for (const { groupId } of groups.filter((g) => g.groupId.startsWith(groupPrefix))) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      if (onlyTopics && !onlyTopics.includes(topic)) continue;
      read.add(topic);
      const end = await endOf(topic);
      for (const [partition, high] of end) {
        const committed = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        if (high > 0n && BigInt(committed) < high) return false;
      }
    }
  }
  const sizes = await topicSizes(admin, mustBeRead);
  return mustBeRead.every((topic) => sizes.get(topic) === 0 || read.has(topic));
}
