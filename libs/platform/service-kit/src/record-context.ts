import type { InboundRecord } from '@quell/platform-kafka';
import { runWithLogContext } from '@quell/platform-observability';

function eventIdOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * Handles a batch record by record, in order, each inside a log context carrying its topic,
 * partition, offset and event id, so every line logged while handling it says which record it was.
 */
export async function eachRecord<T, R>(records: InboundRecord<T>[], handle: (record: InboundRecord<T>) => Promise<R> | R): Promise<R[]> {
  const results: R[] = [];
  for (const record of records) {
    const context = { topic: record.topic, partition: record.partition, offset: record.offset, eventId: eventIdOf(record.value) };
    results.push(await runWithLogContext(context, () => handle(record)));
  }
  return results;
}
