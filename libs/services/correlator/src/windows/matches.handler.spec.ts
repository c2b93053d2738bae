import { AvroCodec, topicsFor, type RuleMatch } from '@quell/contracts';
import { valueBytes, type InboundRecord, type OutboundValue } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { InMemoryStateStore } from '@quell/platform-state';
import { RuleCatalog } from '@quell/rules';
import type { CorrelatorConfig } from '../config';
import { CorrelatorMetrics } from '../correlator.metrics';
import { CorrelatorRules } from '../rules/correlator-rules';
import type { CorrelatorRulesSource } from '../rules/rules.provider';
import { bruteForce, FAILED_LOGON } from '../test/correlator-test-rules';
import { MatchesHandler } from './matches.handler';

const codec = new AvroCodec();
const topics = topicsFor('');
const rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(2) }));
const CORRELATION = '33333333-3333-4333-8333-333333333333';

function handlerOn(store: InMemoryStateStore): MatchesHandler {
  const config = { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: 60_000 } as CorrelatorConfig;
  const metrics = new CorrelatorMetrics(new PipelineMetrics({ service: 'test', collectDefaults: false }));
  const source = { current: rules } as CorrelatorRulesSource;
  return new MatchesHandler(codec, topics, source, store, config, createLogger({ service: 'test', level: 'silent' }), metrics, []);
}

function record(offset: number, seconds: number): InboundRecord<RuleMatch> {
  const match: RuleMatch = {
    matchId: `event-${offset}#rule`,
    tenant: 'acme',
    correlationId: CORRELATION,
    groupKey: '["203.0.113.7"]',
    rule: { id: '11111111-1111-4111-8111-111111111111', name: 'failed_logon', title: 'Failed logon', level: 'low' },
    eventId: `event-${offset}`,
    eventTime: Date.parse('2026-11-28T10:00:00Z') + seconds * 1000,
    fields: { src_ip: '203.0.113.7' },
    entities: [{ type: 'ip', value: '203.0.113.7' }],
  };
  return { topic: topics.matches, partition: 1, offset: String(offset), key: null, value: match, headers: {}, timestamp: 0 };
}

const alertIds = (outputs: { topic: string; value: OutboundValue }[]) =>
  outputs.filter((o) => o.topic === topics.alerts).map((o) => codec.decode(valueBytes(o.value), 'Alert')).map((a) => `${a.id}:${a.eventCount}`);

describe('MatchesHandler state', () => {
  it('sends the kept outputs of a replayed batch again and does not count its matches twice', async () => {
    const store = new InMemoryStateStore();
    const first = await handlerOn(store).handle([record(0, 0), record(1, 10)]);
    expect(alertIds(first)).toHaveLength(1);

    // A new process (crash after the state write, before publish and commit) replays from offset 0.
    const again = await handlerOn(store).handle([record(0, 0), record(1, 10), record(2, 20)]);
    const [opened] = alertIds(first);
    const id = opened.split(':')[0];
    expect(alertIds(again)).toEqual([opened, `${id}:3`]);
  });

  it('reloads the stored state when a batch does not start where the live state ended (the partition came back after a rebalance)', async () => {
    const store = new InMemoryStateStore();
    const replicaA = handlerOn(store);
    const replicaB = handlerOn(store);
    await replicaA.handle([record(0, 0)]);
    const onB = await replicaB.handle([record(1, 10)]);
    expect(alertIds(onB)).toHaveLength(1);
    const backOnA = await replicaA.handle([record(2, 20)]);
    expect(alertIds(backOnA).map((a) => a.split(':')[1])).toEqual(['3']);
  });

  it('starts again from the stored state after a failed batch', async () => {
    const store = new InMemoryStateStore();
    const handler = handlerOn(store);
    await handler.handle([record(0, 0)]);
    const poison = record(1, 10);
    poison.value = { ...poison.value, eventTime: Number.NaN };
    await expect(handler.handle([poison])).rejects.toThrow(/valid event time/);
    const after = await handler.handle([record(2, 20)]);
    expect(alertIds(after).map((a) => a.split(':')[1])).toEqual(['2']);
  });

  it('counts and logs a match older than the allowed lateness behind the partition\'s newest event time, instead of dropping it silently', async () => {
    const registry = new PipelineMetrics({ service: 'test', collectDefaults: false });
    const lines: string[] = [];
    const logger = createLogger({ service: 'test', level: 'warn', destination: { write: (line: string) => lines.push(line) } });
    const config = { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: 60_000 } as CorrelatorConfig;
    const handler = new MatchesHandler(codec, topics, { current: rules } as CorrelatorRulesSource, new InMemoryStateStore(), config, logger, new CorrelatorMetrics(registry), []);
    // 61 s behind the newest: refused; 60 s behind: still counted (with the first, the episode's count is 2).
    const outputs = await handler.handle([record(0, 100), record(1, 39), record(2, 40)]);
    expect(alertIds(outputs).map((a) => a.split(':')[1])).toEqual(['2']);
    const ignored = await registry.registry.getSingleMetric('quell_correlator_matches_ignored_total')?.get();
    expect(ignored?.values.filter((v) => v.labels.reason === 'too-late').map((v) => v.value)).toEqual([1]);
    expect(lines.map((line) => JSON.parse(line) as { count?: number; partition?: number })).toEqual([expect.objectContaining({ count: 1, partition: 1 })]);
  });
});
