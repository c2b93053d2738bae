import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { DEAD_LETTER_HEADERS, type InboundRecord } from '@quell/platform-kafka';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { ClickHouseDeadLetters, InvalidCursorError } from './clickhouse-dead-letters';
import { DEAD_LETTER_MIGRATIONS } from './dead-letters.migrations';

const DLQ = 'store.dlq.v1';
const letter = (dlqOffset: number, originOffset: number, tenant: string, extra: Record<string, string> = {}): InboundRecord<Buffer> => ({
  topic: DLQ,
  partition: 0,
  offset: String(dlqOffset),
  key: 'host-1',
  value: Buffer.from(`line ${originOffset}`),
  timestamp: Date.parse('2026-12-01T10:00:00Z'),
  headers: {
    'quell.tenant': tenant,
    [DEAD_LETTER_HEADERS.error]: `no parser for line ${originOffset}`,
    [DEAD_LETTER_HEADERS.stage]: 'handle',
    [DEAD_LETTER_HEADERS.groupId]: 'quell.normalizer',
    [DEAD_LETTER_HEADERS.attempts]: '3',
    [DEAD_LETTER_HEADERS.topic]: 'quell.raw.v1',
    [DEAD_LETTER_HEADERS.partition]: '2',
    [DEAD_LETTER_HEADERS.offset]: String(originOffset),
    [DEAD_LETTER_HEADERS.failedAt]: new Date(Date.parse('2026-12-01T10:00:00Z') + originOffset * 1000).toISOString(),
    [DEAD_LETTER_HEADERS.unwrapped]: 'false',
    ...extra,
  },
});

describe.each(clickHouseEngines())('the dead letters on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  let store: ClickHouseDeadLetters;

  beforeAll(async () => {
    const database = databases.next();
    await new MigrationRunner(client, { sets: [DEAD_LETTER_MIGRATIONS], database }).run();
    store = new ClickHouseDeadLetters(client, { database, maxStoredBytes: 64 });
  });

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  it('keeps a letter read twice once, pages newest first by cursor, and filters by tenant, stage and reason', async () => {
    await store.record([letter(1, 10, 'acme'), letter(2, 11, 'acme'), letter(3, 12, 'globex')]);
    await store.record([letter(1, 10, 'acme')]);
    const first = await store.list({ tenant: 'acme', limit: 1 });
    expect(first.items.map((item) => item.origin?.offset)).toEqual(['11']);
    const second = await store.list({ tenant: 'acme', limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [{ origin: { topic: 'quell.raw.v1', partition: 2, offset: '10' }, reason: 'no parser for line 10', attempts: 3, group: 'quell.normalizer', replayable: true }], nextCursor: null });
    expect((await store.list({ tenant: undefined, limit: 10 })).items).toHaveLength(3);
    expect((await store.list({ tenant: 'acme', limit: 10, reason: 'LINE 11' })).items.map((item) => item.origin?.offset)).toEqual(['11']);
    expect((await store.list({ tenant: 'acme', limit: 10, stage: 'decode' })).items).toEqual([]);
    expect((await store.list({ tenant: 'acme', limit: 10, from: Date.parse('2026-12-01T10:00:11Z') })).items).toHaveLength(1);
    await expect(store.list({ tenant: 'acme', limit: 10, cursor: 'nonsense' })).rejects.toThrow(InvalidCursorError);
  });

  it('keeps a value past the bound cut and not replayable, and a replay once, undone by a failed publish', async () => {
    const big = { ...letter(4, 13, 'acme'), value: Buffer.alloc(100, 'x') };
    await store.record([big]);
    const [listed] = (await store.list({ tenant: 'acme', limit: 1 })).items;
    expect(listed).toMatchObject({ size: 100, replayable: false, notReplayable: 'the store kept only the first 64 of its 100 bytes' });

    const kept = await store.get((await store.list({ tenant: 'acme', limit: 10, reason: 'line 10' })).items[0].id, 'acme');
    expect(kept?.value.toString()).toBe('line 10');
    expect(await store.get(kept!.view.id, 'globex')).toBeUndefined();
    await store.markReplayed(kept!.view, Date.parse('2026-12-02T08:00:00Z'), 'ops');
    expect((await store.get(kept!.view.id, undefined))?.view).toMatchObject({ replayedAt: '2026-12-02T08:00:00.000Z', replayedBy: 'ops', replayable: false });
    await store.markReplayed(kept!.view, null, 'ops');
    expect((await store.get(kept!.view.id, undefined))?.view).toMatchObject({ replayedAt: null, replayable: true });
  });
});
