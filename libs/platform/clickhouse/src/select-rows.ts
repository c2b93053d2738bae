import type { ClickHouseClient } from '@clickhouse/client';

/**
 * The rows of a read as JSON objects, every value bound to a `{name:Type}` placeholder. 64-bit
 * integers come as JSON numbers (counts and versions, never near 2^53), not as strings.
 */
export async function selectRows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
  return result.json<T>();
}
