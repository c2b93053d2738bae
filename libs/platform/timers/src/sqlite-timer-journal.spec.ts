import { DatabaseSync } from 'node:sqlite';
import type { StateFile } from '@quell/platform-state';
import { tempStateFiles } from '@quell/platform-testing';
import { CONTRACT_LIMITS, describeTimerStore } from '../test/timer-store.contract';
import { InMemoryTimerStore } from './in-memory-timer-store';
import { SqliteTimerJournal } from './sqlite-timer-journal';
import { TimerCapacityError } from './timer-store.port';

const files = tempStateFiles('timer-journal');
afterAll(files.cleanup);
let contracts = 0;

let clock = Date.parse('2026-12-01T00:00:00Z');

// The journal changes nothing the store promises.
describeTimerStore('in-memory with a SQLite journal', () => ({
  store: new InMemoryTimerStore(CONTRACT_LIMITS, () => clock, new SqliteTimerJournal(files.open(`contract-${(contracts += 1)}`), 'contract:')),
  now: () => clock,
  advance: async (ms) => {
    clock += ms;
  },
}));

describe('InMemoryTimerStore with a SQLite journal, after a restart', () => {
  const limits = { ...CONTRACT_LIMITS, maxPerTenant: 3 };
  const storeOn = (file: StateFile, prefix = 'notifier:') => new InMemoryTimerStore(limits, () => clock, new SqliteTimerJournal(file, prefix));

  it('fires what was pending, refires what was leased once its lease runs out (same fireId), and forgets what was acked', async () => {
    const first = files.open('restart');
    const before = storeOn(first);
    await before.schedule({ key: 'retry:1', dueAt: clock + 100, kind: 'delivery', payload: '{"attempt":2}', tenant: 'acme' });
    await before.schedule({ key: 'escalate:1', dueAt: clock + 5_000, kind: 'escalation', payload: '{"step":0}', tenant: 'acme' });
    await before.schedule({ key: 'done', dueAt: clock + 100, kind: 'delivery', payload: '{}', tenant: 'acme' });
    clock += 200;
    const { timers } = await before.claim(10_000, 10);
    expect(timers.map((t) => t.key).sort()).toEqual(['done', 'retry:1']);
    await before.ack('done', timers.find((t) => t.key === 'done')!.fireId);
    const leased = timers.find((t) => t.key === 'retry:1')!;
    first.close();

    const after = storeOn(files.open('restart'));
    expect(await after.size()).toBe(2);
    expect(await after.get('escalate:1')).toMatchObject({ kind: 'escalation', payload: '{"step":0}', dueAt: clock + 4_800, fires: 0 });
    expect((await after.claim(10_000, 10)).timers).toEqual([]);
    clock += 10_000;
    const again = await after.claim(10_000, 10);
    expect(again.timers.map((t) => [t.key, t.fireId === leased.fireId, t.fires]).sort()).toEqual([
      ['escalate:1', false, 1],
      ['retry:1', true, 2],
    ]);
  });

  it('goes on with new fireIds and the tenant cap counting what it loaded', async () => {
    const first = files.open('sequence');
    const before = storeOn(first);
    await before.schedule({ key: 'a', dueAt: clock + 100, kind: 'k', payload: '', tenant: 'acme' });
    await before.schedule({ key: 'b', dueAt: clock + 100, kind: 'k', payload: '', tenant: 'acme' });
    const fireIds = [(await before.get('a'))!.fireId, (await before.get('b'))!.fireId];
    first.close();

    const after = storeOn(files.open('sequence'));
    await after.schedule({ key: 'a', dueAt: clock + 100, kind: 'k', payload: 'again', tenant: 'acme' });
    expect(fireIds).not.toContain((await after.get('a'))!.fireId);
    await after.schedule({ key: 'c', dueAt: clock + 100, kind: 'k', payload: '', tenant: 'acme' });
    await expect(after.schedule({ key: 'd', dueAt: clock + 100, kind: 'k', payload: '', tenant: 'acme' })).rejects.toThrow(TimerCapacityError);
  });

  it('keeps each service’s timers apart in one file', async () => {
    const file = files.open('prefixes');
    await storeOn(file, 'notifier:').schedule({ key: 'same-key', dueAt: clock + 100, kind: 'delivery', payload: 'n' });
    await storeOn(file, 'change-calendar:').schedule({ key: 'same-key', dueAt: clock + 100, kind: 'window-close', payload: 'c' });
    expect((await storeOn(file, 'notifier:').get('same-key'))?.payload).toBe('n');
    expect((await storeOn(file, 'change-calendar:').get('same-key'))?.payload).toBe('c');
  });

  it('claims many timers in one commit, and each claim is in the file once it settles', async () => {
    const file = files.open('group');
    const store = storeOn(file, 'group:');
    await Promise.all(['a', 'b', 'c'].map((key) => store.schedule({ key, dueAt: clock, kind: 'delivery', payload: key, tenant: 'acme' })));
    const exec = file.db.exec.bind(file.db);
    let commits = 0;
    jest.spyOn(file.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'COMMIT') commits += 1;
      exec(sql);
    });
    const { timers } = await store.claim(60_000, 10);
    expect(timers).toHaveLength(3);
    expect(commits).toBe(1);
    file.close();
    // Leased, not due: the restarted store hands none of them out before the lease runs out.
    expect((await storeOn(files.open('group'), 'group:').claim(60_000, 10)).timers).toEqual([]);
  });

  it('reads a file of layout 1 (WITHOUT ROWID) after upgrading it to the rowid table of layout 2', async () => {
    const first = files.open('layout-1');
    await storeOn(first).schedule({ key: 'escalate:9', dueAt: clock + 5_000, kind: 'escalation', payload: '{"step":1}', tenant: 'acme' });
    first.close();
    // Back to layout 1 as an earlier Quell wrote it: the same rows in a WITHOUT ROWID table.
    const old = new DatabaseSync(files.path('layout-1'));
    old.exec(`ALTER TABLE timers RENAME TO timers_now;
      CREATE TABLE timers (prefix TEXT NOT NULL, key TEXT NOT NULL, timer TEXT NOT NULL, claimable_at INTEGER NOT NULL, PRIMARY KEY (prefix, key)) WITHOUT ROWID;
      INSERT INTO timers SELECT * FROM timers_now; DROP TABLE timers_now;
      UPDATE layouts SET version = 1 WHERE name = 'timers';`);
    old.close();

    const file = files.open('layout-1');
    const after = storeOn(file);
    expect(await after.get('escalate:9')).toMatchObject({ kind: 'escalation', payload: '{"step":1}', dueAt: clock + 5_000 });
    const tables = file.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'timers%'").all() as { name: string; sql: string }[];
    expect(tables.map((table) => table.name)).toEqual(['timers']);
    expect(tables[0].sql).not.toContain('WITHOUT ROWID');
  });
});
