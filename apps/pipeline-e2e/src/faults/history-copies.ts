import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { eventsTable } from '@quell/platform-event-history';

/** How many of `ids` the history holds, and in how many rows (before merges: a replayed batch would show). */
export async function historyCopies(client: ClickHouseClient, database: string, ids: string[]): Promise<{ distinct: number; rows: number }> {
  const result = await client.query({
    query: `SELECT uniqExact(id) AS distinct, count() AS rows FROM ${eventsTable(database)} WHERE id IN {ids:Array(String)}`,
    query_params: { ids },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ distinct: string | number; rows: string | number }>();
  return { distinct: Number(row?.distinct ?? 0), rows: Number(row?.rows ?? 0) };
}
