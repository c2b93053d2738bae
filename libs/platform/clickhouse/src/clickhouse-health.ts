import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseOptions } from './clickhouse-client';

/** ClickHouse could not be reached at start. Retriable: the server may simply not be up yet. */
export class ClickHouseUnavailableError extends Error {
  readonly retriable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClickHouseUnavailableError';
  }
}

/** Throws ClickHouseUnavailableError unless the server (or embedded engine) answers a ping. */
export async function pingClickHouse(client: ClickHouseClient, options: Pick<ClickHouseOptions, 'url' | 'dataDir'>): Promise<void> {
  const ping = await client.ping().catch((error: unknown) => ({ success: false as const, error: error as Error }));
  if (ping.success) return;
  // The URL's origin, never its credentials: the error ends up in logs.
  const where = options.url ? new URL(options.url).origin : `the embedded engine at ${options.dataDir}`;
  throw new ClickHouseUnavailableError(`ClickHouse is not reachable (${where}): ${ping.error.message}`, { cause: ping.error });
}

/** Readiness for probes: a ping (`SELECT 1` on the embedded engine) that never throws. */
export async function isClickHouseReady(client: ClickHouseClient): Promise<boolean> {
  try {
    return (await client.ping()).success;
  } catch {
    return false;
  }
}
