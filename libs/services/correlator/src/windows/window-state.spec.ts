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
import { PartitionWindows } from './partition-windows';
import { WindowStateStore } from './window-state';

const codec = new AvroCodec();
const topics = topicsFor('');
const rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(2) }));
const T0 = Date.parse('2026-11-28T10:00:00Z');

function handlerOn(store: InMemoryStateStore): MatchesHandler {
  const config = { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: 60_000 } as CorrelatorConfig;
  const metrics = new CorrelatorMetrics(new PipelineMetrics({ service: 'test', collectDefaults: false }));
  return new MatchesHandler(codec, topics, { current: rules } as CorrelatorRulesSource, store, config, createLogger({ service: 'test', level: 'silent' }), metrics, []);
}

function matchFrom(ip: string, seconds: number, id: string): RuleMatch {
  return {
    matchId: `${id}#rule`,
    tenant: 'acme',
    correlationId: '33333333-3333-4333-8333-333333333333',
    groupKey: JSON.stringify([ip]),
    rule: { id: '11111111-1111-4111-8111-111111111111', name: 'failed_logon', title: 'Failed logon', level: 'low' },
    eventId: id,
    eventTime: T0 + seconds * 1000,
    fields: { src_ip: ip },
    entities: [],
  };
}

function record(offset: number, ip: string, seconds: number): InboundRecord<RuleMatch> {
  return { topic: topics.matches, partition: 3, offset: String(offset), key: null, value: matchFrom(ip, seconds, `e${offset}`), headers: {}, timestamp: 0 };
}

/** The group keys a hash write set (the header left out). */
const groupKeysOf = (set: Record<string, string>) =>
  Object.keys(set)
    .filter((field) => field !== 'header')
    .map((field) => (JSON.parse(field) as string[])[2])
    .sort();

const alertCounts = (outputs: { topic: string; value: OutboundValue }[]) =>
  outputs
    .filter((o) => o.topic === topics.alerts)
    .map((o) => codec.decode(valueBytes(o.value), 'Alert'))
    .map((a) => `${a.id}:${a.eventCount}`);

describe('window state per group', () => {
  it('writes only the groups the batch touched, after a first full write', async () => {
    const store = new InMemoryStateStore();
    const writes = jest.spyOn(store, 'writeHash');
    const handler = handlerOn(store);
    await handler.handle([record(0, '10.0.0.1', 0), record(1, '10.0.0.2', 1), record(2, '10.0.0.3', 2)]);
    await handler.handle([record(3, '10.0.0.2', 3)]);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(writes.mock.calls[0][1].replace).toBe(true);
    expect(groupKeysOf(writes.mock.calls[0][1].set)).toEqual(['["10.0.0.1"]', '["10.0.0.2"]', '["10.0.0.3"]']);
    expect(writes.mock.calls[1][1]).toMatchObject({ replace: false, delete: [] });
    expect(groupKeysOf(writes.mock.calls[1][1].set)).toEqual(['["10.0.0.2"]']);
  });

  it('deletes evicted groups from the store', async () => {
    const store = new InMemoryStateStore();
    const state = new WindowStateStore(store);
    const windows = new PartitionWindows(rules, [], { clock: () => T0, allowedLatenessMs: 0 });
    windows.process(matchFrom('10.0.0.1', 0, 'a'));
    await state.save(topics.matches, 3, { nextOffset: '1', outbox: [], windows: windows.takeChanges(), replace: true });
    // An hour later the first group's window is empty and no episode is open: eviction drops it (and its engine keeps the new one).
    windows.process(matchFrom('10.0.0.2', 3600, 'b'));
    windows.evict();
    const changes = windows.takeChanges();
    expect(changes.deleted.map((field) => (JSON.parse(field) as string[])[2])).toEqual(['["10.0.0.1"]']);
    await state.save(topics.matches, 3, { nextOffset: '2', outbox: [], windows: changes, replace: false });
    const loaded = await state.load(topics.matches, 3);
    const groups = Object.values(loaded?.windows?.engines ?? {}).flatMap((engine) => engine.groups.map((g) => g.groupKey));
    expect(groups).toEqual(['["10.0.0.2"]']);
    expect(loaded?.windows?.engines).toEqual(windows.snapshot().engines);
  });

  it('writes the outbox into the header as stringifying it whole would, and reads it back, whichever batch kept each output', async () => {
    const store = new InMemoryStateStore();
    const state = new WindowStateStore(store);
    const windows = new PartitionWindows(rules, [], { clock: () => T0, allowedLatenessMs: 0 });
    const kept = [
      { offset: '4', record: { topic: topics.alerts, key: 'k', value: Buffer.from('first') } },
      { offset: '5', record: { topic: topics.alerts, key: null, value: codec.encodable('RuleMatch', matchFrom('10.0.0.1', 0, 'a')), headers: { h: 'v' } } },
    ];
    await state.save(topics.matches, 3, { nextOffset: '5', outbox: kept.slice(0, 1), windows: windows.takeChanges(), replace: true });
    await state.save(topics.matches, 3, { nextOffset: '6', outbox: kept, windows: windows.takeChanges(), replace: false });
    const { fields } = await store.getHash(WindowStateStore.hashKeyOf(topics.matches, 3));
    const header = JSON.parse(fields['header']) as { outbox: unknown[] };
    expect(fields['header']).toBe(JSON.stringify(header));
    expect(header.outbox).toEqual([
      { offset: '4', topic: topics.alerts, key: 'k', value: Buffer.from('first').toString('base64') },
      { offset: '5', topic: topics.alerts, key: null, value: valueBytes(kept[1].record.value).toString('base64'), headers: { h: 'v' } },
    ]);
    const loaded = await new WindowStateStore(store).load(topics.matches, 3);
    expect(loaded?.outbox.map((o) => [o.offset, valueBytes(o.record.value).toString('base64')])).toEqual(kept.map((o) => [o.offset, valueBytes(o.record.value).toString('base64')]));
  });

  it('after a crash, restores the groups of two batches that touched different groups, and a replay opens no second episode', async () => {
    const store = new InMemoryStateStore();
    const crashed = handlerOn(store);
    await crashed.handle([record(0, '10.0.0.1', 0)]);
    await crashed.handle([record(1, '10.0.0.2', 1)]);

    // A new process replays from before both batches (no commit happened): offsets 0 and 1 are held already.
    const restarted = handlerOn(store);
    const outputs = await restarted.handle([record(0, '10.0.0.1', 0), record(1, '10.0.0.2', 1), record(2, '10.0.0.1', 2), record(3, '10.0.0.2', 3)]);
    expect(alertCounts(outputs)).toHaveLength(2);
    expect(alertCounts(outputs).map((a) => a.split(':').pop())).toEqual(['2', '2']);

    const again = await handlerOn(store).handle([record(2, '10.0.0.1', 2), record(3, '10.0.0.2', 3)]);
    // The kept outputs go out again with the same ids; nothing new is opened.
    expect(again.map((o) => valueBytes(o.value).toString('base64'))).toEqual(outputs.map((o) => valueBytes(o.value).toString('base64')));
  });

  it('reads the whole-partition state of version 1 and rewrites it per group', async () => {
    const store = new InMemoryStateStore();
    const windows = new PartitionWindows(rules, [], { clock: () => T0, allowedLatenessMs: 60_000 });
    windows.process(matchFrom('10.0.0.1', 0, 'e0'));
    await store.set(WindowStateStore.keyOf(topics.matches, 3), JSON.stringify({ version: 1, nextOffset: '1', windows: windows.snapshot(), outbox: [] }));
    const outputs = await handlerOn(store).handle([record(1, '10.0.0.1', 1)]);
    expect(alertCounts(outputs).map((a) => a.split(':').pop())).toEqual(['2']);
    expect(groupKeysOf((await store.getHash(WindowStateStore.hashKeyOf(topics.matches, 3))).fields)).toEqual(['["10.0.0.1"]']);
  });
});
