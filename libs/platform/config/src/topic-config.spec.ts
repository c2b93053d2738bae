import { TOPIC_SETTINGS } from '@quell/contracts';
import { baseServiceSchema } from './base-service.schema';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { resolveTopicSettings } from './topic-config';

const schema = baseServiceSchema({ serviceName: 'normalizer', httpPort: 8081 });
const load = (env: Record<string, string>) => loadConfig(schema, { BUS: 'memory', ...env });

function issuesOf(env: Record<string, string>) {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('topic configuration', () => {
  it('gives every topic the default partitions, the broker replication factor and the table retention', () => {
    const config = load({});
    expect(config.KAFKA_TOPIC_DEFAULT_PARTITIONS).toBe(6);
    const topics = resolveTopicSettings(config);
    expect(topics.raw).toEqual({ partitions: 6, replicationFactor: undefined, retentionMs: TOPIC_SETTINGS.raw.retentionMs, cleanupPolicy: 'delete' });
    expect(topics.incidents).toEqual({ partitions: 6, replicationFactor: undefined, retentionMs: undefined, cleanupPolicy: 'compact' });
  });

  it('takes the deployment defaults, then per-topic overrides over them', () => {
    const config = load({
      KAFKA_TOPIC_DEFAULT_PARTITIONS: '4',
      KAFKA_TOPIC_REPLICATION_FACTOR: '3',
      KAFKA_TOPIC_SETTINGS: ' raw.partitions=12, deadLetters.retentionMs=-1,matches.cleanupPolicy=compact,',
    });
    const topics = resolveTopicSettings(config);
    expect(topics.raw).toMatchObject({ partitions: 12, replicationFactor: 3 });
    expect(topics.events).toMatchObject({ partitions: 4, replicationFactor: 3 });
    expect(topics.deadLetters.retentionMs).toBe(-1);
    expect(topics.matches).toMatchObject({ cleanupPolicy: 'compact', retentionMs: undefined });
  });

  it('names the key and the pair for every wrong override, in one boot', () => {
    const issues = issuesOf({ KAFKA_TOPIC_SETTINGS: 'rwa.partitions=3,raw.partition=3,raw.partitions=0,raw.partitions=x,incidents.retentionMs=5,events' });
    expect(issues.map((i) => i.key)).toEqual(Array(6).fill('KAFKA_TOPIC_SETTINGS'));
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^"rwa.partitions=3": unknown topic role "rwa" \(one of ingest, raw, /),
      expect.stringMatching(/^"raw.partition=3": unknown setting "partition" \(one of partitions, replicationFactor, retentionMs, cleanupPolicy\)/),
      '"raw.partitions=0": expected an integer between 1 and 10000',
      '"raw.partitions=x": expected an integer between 1 and 10000',
      expect.stringMatching(/^"events": expected <topic role>.<setting>=<value>/),
      expect.stringMatching(/^"incidents.retentionMs": a compacted topic keeps the latest record per key/),
    ]);
  });

  it('keeps the state topics compacted: services rebuild incidents and changes by reading them whole', () => {
    expect(issuesOf({ KAFKA_TOPIC_SETTINGS: 'changes.cleanupPolicy=delete,incidents.cleanupPolicy=delete' })).toEqual([
      { key: 'KAFKA_TOPIC_SETTINGS', message: expect.stringMatching(/^"changes.cleanupPolicy=delete": the changes topic holds state .* must stay compacted$/) },
      { key: 'KAFKA_TOPIC_SETTINGS', message: expect.stringMatching(/^"incidents.cleanupPolicy=delete": the incidents topic holds state/) },
    ]);
  });

  it('refuses a setting given twice and out-of-range defaults', () => {
    expect(issuesOf({ KAFKA_TOPIC_SETTINGS: 'raw.partitions=3,raw.partitions=4' })).toEqual([
      { key: 'KAFKA_TOPIC_SETTINGS', message: '"raw.partitions=4": raw.partitions is set twice' },
    ]);
    expect(issuesOf({ KAFKA_TOPIC_DEFAULT_PARTITIONS: '0', KAFKA_TOPIC_REPLICATION_FACTOR: '0' }).map((i) => i.key)).toEqual([
      'KAFKA_TOPIC_DEFAULT_PARTITIONS',
      'KAFKA_TOPIC_REPLICATION_FACTOR',
    ]);
  });
});
