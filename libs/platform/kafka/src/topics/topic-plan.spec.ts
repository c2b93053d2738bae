import { planTopics, type ExistingTopic } from './topic-plan';

const existing = (topics: Record<string, ExistingTopic>) => new Map(Object.entries(topics));
const spec = { topic: 'raw', partitions: 6, replicationFactor: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' } };

describe('planTopics', () => {
  it('creates what is missing and leaves a matching topic alone', () => {
    const same = { partitions: 6, replicationFactor: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' } };
    expect(planTopics([spec, { ...spec, topic: 'events' }], existing({ raw: same }), false)).toEqual({ create: [{ ...spec, topic: 'events' }], grow: [], differences: [] });
  });

  it('warns about fewer partitions, or adds them when told to', () => {
    const fewer = existing({ raw: { partitions: 3, replicationFactor: 3, configs: {} } });
    const warned = planTopics([spec], fewer, false);
    expect(warned.grow).toEqual([]);
    expect(warned.differences).toEqual([expect.stringMatching(/^topic raw has 3 partitions, 6 configured: consumer replicas beyond 3 get no work \(KAFKA_TOPIC_GROW_PARTITIONS=true/)]);
    expect(planTopics([spec], fewer, true)).toEqual({ create: [], grow: [{ topic: 'raw', from: 3, to: 6 }], differences: [] });
  });

  it('reports more partitions, another replication factor and other configs without changing them', () => {
    const plan = planTopics([spec], existing({ raw: { partitions: 8, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': undefined } } }), true);
    expect(plan.grow).toEqual([]);
    expect(plan.differences).toEqual([
      expect.stringMatching(/^topic raw has 8 partitions, more than the 6 configured/),
      expect.stringMatching(/^topic raw has replication factor 1, 3 configured/),
      expect.stringMatching(/^topic raw has cleanup.policy=compact, delete configured/),
    ]);
  });

  it('compares only what a spec sets', () => {
    expect(planTopics([{ topic: 'raw' }], existing({ raw: { partitions: 1, replicationFactor: 1, configs: {} } }), true)).toEqual({ create: [], grow: [], differences: [] });
  });
});
