import { chunkKeyOf, entityKeyOf, KillChainTracker } from '@quell/killchain';
import { InMemoryStateStore } from '@quell/platform-state';
import { killChainProcessor } from '../killchain/killchain.processor';
import { keyField, PartitionWindows } from './partition-windows';
import { WindowStateStore } from './window-state';
import { alertsOf, stage2On, stage2Rules, T0, tacticOn, topics } from './window-state.test-util';

const KEY = WindowStateStore.hashKeyOf(topics.matches, 3);
const hostField = (host: string) => keyField('killchain', entityKeyOf({ tenant: 'acme', type: 'host', value: host }));
/** The field of a host's first chunk of entries. */
const chunkField = (host: string) => keyField('killchain', chunkKeyOf(entityKeyOf({ tenant: 'acme', type: 'host', value: host }), 0));
const killChainAlerts = (outputs: Parameters<typeof alertsOf>[0]) => alertsOf(outputs).filter((a) => a.rule.id.startsWith('quell.killchain.'));

describe('kill-chain state per entity', () => {
  it('keeps kill-chain progress across a restart', async () => {
    const store = new InMemoryStateStore();
    const before = await stage2On(store).handler.handle([tacticOn(0, 'web-7', 'initial-access', 0), tacticOn(1, 'web-7', 'execution', 600)]);
    expect(killChainAlerts(before)).toEqual([]);
    const after = await stage2On(store).handler.handle([tacticOn(2, 'web-7', 'persistence', 5 * 3600)]);
    expect(killChainAlerts(after).map((a) => a.tactics)).toEqual([['initial-access', 'execution', 'persistence']]);
  });

  it('keeps kill-chain progress that a later batch wrote as changes, across a restart', async () => {
    const store = new InMemoryStateStore();
    const { handler } = stage2On(store);
    // The first batch after a load writes everything; the second only its changes (the entity's JSON spliced from cached entries).
    await handler.handle([tacticOn(0, 'web-7', 'initial-access', 0)]);
    await handler.handle([tacticOn(1, 'web-7', 'execution', 600)]);
    const after = await stage2On(store).handler.handle([tacticOn(2, 'web-7', 'persistence', 5 * 3600)]);
    expect(killChainAlerts(after).map((a) => a.tactics)).toEqual([['initial-access', 'execution', 'persistence']]);
  });

  it('writes a head and a chunk of entries per entity, and then only those a batch touched', async () => {
    const store = new InMemoryStateStore();
    const writes = jest.spyOn(store, 'writeHash');
    const { handler } = stage2On(store);
    await handler.handle([tacticOn(0, 'web-1', 'initial-access', 0), tacticOn(1, 'web-2', 'initial-access', 1)]);
    await handler.handle([tacticOn(2, 'web-2', 'execution', 2)]);
    const [full, touched] = writes.mock.calls.map(([, change]) => change);
    expect(Object.keys(full.set).sort()).toEqual(['header', hostField('web-1'), chunkField('web-1'), hostField('web-2'), chunkField('web-2')].sort());
    expect(touched).toMatchObject({ replace: false, delete: [] });
    expect(Object.keys(touched.set).sort()).toEqual(['header', hostField('web-2'), chunkField('web-2')].sort());
    expect(JSON.parse(touched.set[hostField('web-2')])).toMatchObject({ value: 'web-2', chunks: [0] });
    const entries = JSON.parse(touched.set[chunkField('web-2')]) as unknown[][];
    expect(entries.map((entry) => entry[1])).toEqual(['initial-access', 'execution']);
    // The header holds only the tracker-wide part.
    expect(JSON.parse(touched.set['header']).processors.killchain).toEqual({ version: 1, threshold: 3, windowMs: 24 * 3_600_000, maxTime: T0 + 2000 });
  });

  it('deletes the fields of an entity the tracker evicted', () => {
    let wall = T0;
    const windows = new PartitionWindows(stage2Rules, [killChainProcessor({ clock: () => wall, threshold: 3 })], { clock: () => T0, allowedLatenessMs: 60_000 });
    windows.process(tacticOn(0, 'old', 'execution', 0).value);
    // Each entity keeps its own event time: 'old' goes once the wall clock leaves it untouched for a window and the lateness.
    wall += 24 * 3_600_000 + 60_000 + 1;
    windows.process(tacticOn(1, 'new', 'execution', 48 * 3600).value);
    windows.takeChanges();
    windows.evict();
    expect(windows.takeChanges()).toMatchObject({ keys: {}, deleted: [hostField('old'), chunkField('old')] });
  });

  it('reads an entity stored whole in its field (before chunks), and rewrites it as a head and chunks', async () => {
    const tracker = new KillChainTracker({ clock: () => T0, threshold: 3, windowMs: 24 * 3_600_000 });
    for (const [tactic, seconds] of [['initial-access', 0], ['execution', 600]] as const) {
      tracker.process({ tenant: 'acme', alertId: tactic, ruleId: tactic, ruleTitle: tactic, time: T0 + seconds * 1000, tactics: [tactic], entities: [{ type: 'host', value: 'web-7' }] });
    }
    const store = new InMemoryStateStore();
    const { entities, ...killchain } = tracker.snapshot();
    const header = { version: 3, nextOffset: '2', engines: {}, processors: { killchain }, outbox: [] };
    await store.writeHash(KEY, { set: { header: JSON.stringify(header), [hostField('web-7')]: JSON.stringify(entities[0]) }, delete: [] });

    const outputs = await stage2On(store).handler.handle([tacticOn(2, 'web-7', 'persistence', 5 * 3600)]);
    expect(killChainAlerts(outputs).map((a) => a.tactics)).toEqual([['initial-access', 'execution', 'persistence']]);
    const { fields } = await store.getHash(KEY);
    expect(JSON.parse(fields[hostField('web-7')])).not.toHaveProperty('entries');
    expect(JSON.parse(fields[chunkField('web-7')])).toHaveLength(3);
  });

  it('reads the whole kill-chain snapshot stored in the header before, and rewrites it per entity', async () => {
    const tracker = new KillChainTracker({ clock: () => T0, threshold: 3, windowMs: 24 * 3_600_000 });
    for (const [tactic, seconds] of [['initial-access', 0], ['execution', 600]] as const) {
      tracker.process({ tenant: 'acme', alertId: tactic, ruleId: tactic, ruleTitle: tactic, time: T0 + seconds * 1000, tactics: [tactic], entities: [{ type: 'host', value: 'web-7' }] });
    }
    const store = new InMemoryStateStore();
    const header = { version: 2, nextOffset: '2', engines: {}, processors: { killchain: tracker.snapshot() }, outbox: [] };
    await store.writeHash(KEY, { set: { header: JSON.stringify(header) }, delete: [] });

    const outputs = await stage2On(store).handler.handle([tacticOn(2, 'web-7', 'persistence', 5 * 3600)]);
    expect(killChainAlerts(outputs).map((a) => a.tactics)).toEqual([['initial-access', 'execution', 'persistence']]);
    const { fields } = await store.getHash(KEY);
    expect(Object.keys(fields).sort()).toEqual(['header', hostField('web-7'), chunkField('web-7')].sort());
    expect(JSON.parse(fields['header'])).toMatchObject({ version: 3, processors: { killchain: { maxTime: T0 + 5 * 3_600_000 } } });
    expect(JSON.parse(fields[chunkField('web-7')])).toHaveLength(3);
  });
});
