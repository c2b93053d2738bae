const LEADER_WAIT_MS = 10_000;

/**
 * Polls until each topic shows at least its count of partitions, each with a leader, so a
 * producer's first send does not race the election. A broker may not know a topic just created
 * (KRaft metadata propagates after the controller answers): an error there is a "not yet". Bounded:
 * the producer retries anyway.
 */
export async function waitForLeaders(counts: ReadonlyMap<string, number>, leadersOf: (topics: string[]) => Promise<Map<string, number[]>>): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  while (Date.now() < deadline) {
    const leaders = await leadersOf([...counts.keys()]).catch(() => new Map<string, number[]>());
    const led = [...counts].every(([topic, count]) => {
      const partitions = leaders.get(topic) ?? [];
      return partitions.length >= count && partitions.every((leader) => leader >= 0);
    });
    if (led) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
