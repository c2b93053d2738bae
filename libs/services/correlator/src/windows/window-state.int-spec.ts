import { randomUUID } from 'node:crypto';
import { RedisStateStore, REVISION_FIELD, StaleStateError } from '@quell/platform-state';
import { requireRedisUrl } from '@quell/platform-testing';
import Redis from 'ioredis';
import { keyField, PartitionWindows } from './partition-windows';
import { WindowStateStore } from './window-state';
import { alertCounts, alertsOf, failedLogon, stage2On, stage2Rules, T0, tacticOn, topics } from './window-state.test-util';

// Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
const redis = new Redis(requireRedisUrl());
afterAll(async () => {
  await redis.quit();
});

const KEY = WindowStateStore.hashKeyOf(topics.matches, 3);
const newStore = () => {
  const prefix = `test-${randomUUID()}:`;
  return { prefix, store: new RedisStateStore(redis, prefix) };
};

describe('stage 2 state in Redis', () => {
  it('fences a replica whose partition another replica wrote in between; it reloads and ends with the right counts', async () => {
    const { prefix, store } = newStore();
    const a = stage2On(store);
    const b = stage2On(new RedisStateStore(redis, prefix));
    await a.handler.handle([failedLogon(0, '10.0.0.1', 0)]);
    const [bAlert] = alertCounts(await b.handler.handle([failedLogon(1, '10.0.0.2', 1), failedLogon(2, '10.0.0.2', 2)]));
    const byB = await redis.hgetall(prefix + KEY);

    await expect(a.handler.handle([failedLogon(1, '10.0.0.2', 1)])).rejects.toThrow(StaleStateError);
    expect(await redis.hgetall(prefix + KEY)).toEqual(byB);

    expect(alertCounts(await a.handler.handle([failedLogon(1, '10.0.0.2', 1)]))).toEqual([bAlert]);
    const bId = bAlert.split(':')[0];
    expect(alertCounts(await a.handler.handle([failedLogon(3, '10.0.0.2', 3)]))).toEqual([`${bId}:3`]);
    await expect(b.handler.handle([failedLogon(3, '10.0.0.2', 3)])).rejects.toThrow(StaleStateError);
    expect(alertCounts(await stage2On(store).handler.handle([failedLogon(4, '10.0.0.2', 4)]))).toEqual([`${bId}:4`]);
  });

  it('reads version-2 state written before revisions as revision 0, and a second writer that loaded it is fenced', async () => {
    const { prefix, store } = newStore();
    const windows = new PartitionWindows(stage2Rules, [], { clock: () => T0, allowedLatenessMs: 60_000 });
    windows.process(failedLogon(0, '10.0.0.1', 0).value);
    const changes = windows.allAsChanges();
    const header = { version: 2, nextOffset: '1', engines: changes.engines, processors: {}, outbox: [] };
    const groups = Object.fromEntries(Object.entries(changes.groups).map(([field, group]) => [field, JSON.stringify(group)]));
    await redis.hset(prefix + KEY, { header: JSON.stringify(header), ...groups });

    const second = new WindowStateStore(new RedisStateStore(redis, prefix));
    expect((await second.load(topics.matches, 3))?.nextOffset).toBe('1');
    const outputs = await stage2On(store).handler.handle([failedLogon(1, '10.0.0.1', 1)]);
    expect(alertCounts(outputs).map((a) => a.split(':')[1])).toEqual(['2']);
    expect(await redis.hget(prefix + KEY, REVISION_FIELD)).toBe('1');
    await expect(second.save(topics.matches, 3, { nextOffset: '9', outbox: [], windows: windows.takeChanges(), replace: true })).rejects.toThrow(StaleStateError);
    expect(JSON.parse((await redis.hget(prefix + KEY, 'header')) ?? '{}')).toMatchObject({ version: 3, nextOffset: '2' });
  });

  it('keeps kill-chain progress across a restart, a head and a chunk of entries per entity', async () => {
    const { prefix, store } = newStore();
    await stage2On(store).handler.handle([tacticOn(0, 'web-7', 'initial-access', 0), tacticOn(1, 'web-8', 'execution', 1), tacticOn(2, 'web-7', 'execution', 600)]);
    const fields = Object.keys(await redis.hgetall(prefix + KEY)).filter((f) => f.startsWith('['));
    const heads = ['acme\u0000host\u0000web-7', 'acme\u0000host\u0000web-8'];
    expect(fields.sort()).toEqual(heads.flatMap((head) => [keyField('killchain', head), keyField('killchain', `${head}\u0000#0`)]).sort());
    const after = await stage2On(new RedisStateStore(redis, prefix)).handler.handle([tacticOn(3, 'web-7', 'persistence', 5 * 3600)]);
    expect(alertsOf(after).map((a) => a.tactics)).toEqual([['initial-access', 'execution', 'persistence']]);
  });
});
