/** A record as it sits on a topic: bytes, before any decoding. */
export interface RawRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit; kept as strings end to end. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: number;
}

/** A decoded record handed to a handler. */
export interface InboundRecord<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: Record<string, string>;
  timestamp: number;
}

/** A record a handler wants published; the bus acknowledges it before committing the input. */
export interface OutboundRecord {
  topic: string;
  key: string | null;
  value: Buffer;
  headers?: Record<string, string>;
}

/**
 * Handlers take a batch and return everything to publish for it. The bus publishes the outputs
 * (acks from all in-sync replicas) and only then commits the batch's offsets, so an output is never
 * lost and an input is never skipped. Side effects a handler performs itself (an insert, a webhook)
 * must be acknowledged before it returns and must be idempotent: a batch may be handled again.
 */
export type BatchHandler<T> = (records: InboundRecord<T>[]) => Promise<OutboundRecord[]>;

export function headerValue(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
