import { randomUUID } from 'node:crypto';

/**
 * Addresses of the real services the integration tests use. They are always there under the
 * test command (its global setup starts them); a test never skips when one is missing, it fails.
 */
export function requireKafkaBrokers(): string[] {
  const value = process.env['KAFKA_BROKERS'];
  if (!value) throw new Error('KAFKA_BROKERS is not set: integration tests need a real Kafka broker (run them with `npm test`)');
  return value.split(',');
}

export function requireRedisUrl(): string {
  const value = process.env['REDIS_URL'];
  if (!value) throw new Error('REDIS_URL is not set: integration tests need a real Redis server (run them with `npm test`)');
  return value;
}

/** A name no other test uses: topics, groups, tables, key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 12)}`;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; description: string },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.description}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
