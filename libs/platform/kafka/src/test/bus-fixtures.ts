import type { BusLogger, TopicSubscription } from '../bus/event-bus.port';
import type { InboundRecord, OutboundRecord } from '../bus/message';
import { PermanentError } from '../delivery/retriable';

export const silentLogger: BusLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Values are JSON `{ n: number }`; the text `poison` is not JSON, and n < 0 is rejected by the handler. */
export function decodeJson(bytes: Buffer): { n: number } {
  const value = JSON.parse(bytes.toString()) as { n?: unknown };
  if (typeof value.n !== 'number') throw new PermanentError('field n must be a number');
  return { n: value.n };
}

export function record(topic: string, key: string, value: string): OutboundRecord {
  return { topic, key, value: Buffer.from(value) };
}

/** A handler that forwards each record to `outTopic`, refusing negative numbers for good. */
export function forwarding(
  topic: string,
  outTopic: string,
  seen: InboundRecord<{ n: number }>[] = [],
): TopicSubscription<{ n: number }> {
  return {
    topic,
    decode: decodeJson,
    handle: async (records) => {
      if (records.some((r) => r.value.n < 0)) throw new PermanentError('negative numbers are not allowed');
      seen.push(...records);
      return records.map((r) => ({ topic: outTopic, key: r.key, value: Buffer.from(JSON.stringify({ n: r.value.n * 10 })) }));
    },
  };
}
