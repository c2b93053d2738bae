import type { RuleMatch } from '@quell/contracts';
import { processBatch, type InboundRecord, type RawRecord } from '@quell/platform-kafka';
import { InMemoryStateStore, StaleStateError } from '@quell/platform-state';
import { PartitionWindows } from './partition-windows';
import { WindowStateStore } from './window-state';
import { alertCounts, codec, failedLogon, stage2On, stage2Rules, topics } from './window-state.test-util';

const KEY = WindowStateStore.hashKeyOf(topics.matches, 3);

describe('window state fencing', () => {
  it('of two writers that loaded the same revision, the second fails and writes nothing', async () => {
    const store = new InMemoryStateStore();
    const windows = new PartitionWindows(stage2Rules, [], { clock: Date.now, allowedLatenessMs: 60_000 });
    const first = new WindowStateStore(store);
    const second = new WindowStateStore(store);
    expect(await first.load(topics.matches, 3)).toBeNull();
    expect(await second.load(topics.matches, 3)).toBeNull();
    await first.save(topics.matches, 3, { nextOffset: '1', outbox: [], windows: windows.allAsChanges(), replace: true });
    const written = await store.getHash(KEY);
    await expect(second.save(topics.matches, 3, { nextOffset: '7', outbox: [], windows: windows.allAsChanges(), replace: true })).rejects.toThrow(StaleStateError);
    expect(await store.getHash(KEY)).toEqual(written);
    // Loaded again, the second writer goes on from the first's state.
    expect((await second.load(topics.matches, 3))?.nextOffset).toBe('1');
    await second.save(topics.matches, 3, { nextOffset: '2', outbox: [], windows: windows.takeChanges(), replace: false });
    expect((await first.load(topics.matches, 3))?.nextOffset).toBe('2');
  });

  it('a replica whose partition another replica wrote in between is fenced, reloads and ends with the right counts', async () => {
    const store = new InMemoryStateStore();
    const a = stage2On(store);
    const b = stage2On(store);
    expect(alertCounts(await a.handler.handle([failedLogon(0, '10.0.0.1', 0)]))).toEqual([]);

    // A rebalance: B takes the partition from the committed offset 1 while A (past its session) still runs.
    const onB = alertCounts(await b.handler.handle([failedLogon(1, '10.0.0.2', 1), failedLogon(2, '10.0.0.2', 2)]));
    expect(onB.map((a) => a.split(':')[1])).toEqual(['2']);
    const byB = await store.getHash(KEY);

    // A's live windows end at offset 1, so it would trust them: its write is refused and nothing of it lands.
    const stale = a.handler.handle([failedLogon(1, '10.0.0.2', 1)]);
    await expect(stale).rejects.toThrow(StaleStateError);
    expect(await store.getHash(KEY)).toEqual(byB);
    expect((await a.metrics.stateWritesFenced.get()).values).toEqual([{ value: 1, labels: { partition: '3' } }]);

    // The delivery policy retries the batch: A reloads B's state, counts nothing twice and resends B's kept alert (same id).
    const [bAlert] = onB;
    const bId = bAlert.split(':')[0];
    expect(alertCounts(await a.handler.handle([failedLogon(1, '10.0.0.2', 1)]))).toEqual([bAlert]);
    const next = alertCounts(await a.handler.handle([failedLogon(3, '10.0.0.2', 3), failedLogon(4, '10.0.0.1', 4)]));
    expect(next).toEqual([`${bId}:3`, expect.stringMatching(/:2$/)]);

    // And B, whose live state is now behind the store, is fenced in turn rather than overwriting A.
    await expect(b.handler.handle([failedLogon(3, '10.0.0.2', 3)])).rejects.toThrow(StaleStateError);
    const fresh = alertCounts(await stage2On(store).handler.handle([failedLogon(5, '10.0.0.2', 5)]));
    expect(fresh).toEqual([`${bId}:4`]);
  });

  it('under the delivery policy, the fenced attempt sends nothing and its retry sends what the reloaded state gives', async () => {
    const store = new InMemoryStateStore();
    const a = stage2On(store);
    await a.handler.handle([failedLogon(0, '10.0.0.1', 0)]);
    const [bAlert] = alertCounts(await stage2On(store).handler.handle([failedLogon(1, '10.0.0.1', 1)]));

    const { value, ...record } = failedLogon(1, '10.0.0.1', 1);
    const raw: RawRecord[] = [{ ...record, key: null, value: codec.encode('RuleMatch', value) }];
    const subscription = { topic: topics.matches, decode: (bytes: Buffer) => codec.decode(bytes, 'RuleMatch'), handle: (records: InboundRecord<RuleMatch>[]) => a.handler.handle(records) };
    const retried: unknown[] = [];
    const outcome = await processBatch(raw, subscription, { maxAttempts: 3, backoffMs: 1, maxBackoffMs: 1 }, { groupId: 'g', deadLetterTopic: 'dlq', onRetry: (error) => retried.push(error) });
    expect(retried).toEqual([expect.any(StaleStateError)]);
    // Only these are published, then the offsets committed: B's kept alert again (same id), nothing counted twice.
    expect(outcome.deadLetters).toEqual([]);
    expect(alertCounts(outcome.outputs)).toEqual([bAlert]);
  });
});
