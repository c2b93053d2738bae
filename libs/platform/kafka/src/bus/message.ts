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

/**
 * A contract value on its way out, kept as the object it is together with how to write it
 * (made by the codec: `codec.encodable('Event', event)`). A bus that crosses a process (Kafka)
 * encodes it when it publishes; the in-process bus hands `object` itself to every consumer of the
 * topic, who share it: consumers must never mutate what they are given, nor producers what they
 * published (the in-process bus's `verifyContracts` freezes it so tests catch both).
 */
export interface EncodableValue {
  readonly object: unknown;
  /** The record's bytes on the wire; computed once, then returned again. Throws ContractError. */
  encode(): Buffer;
  /** Reads bytes of this record's schema back, for checking that `object` survives the wire. */
  decode(bytes: Buffer): unknown;
}

/** Bytes as they are (a shipper's raw line, a test's JSON), or a contract value (see EncodableValue). */
export type OutboundValue = Buffer | EncodableValue;

/** A record a handler wants published; the bus acknowledges it before committing the input. */
export interface OutboundRecord {
  topic: string;
  key: string | null;
  value: OutboundValue;
  headers?: Record<string, string>;
}

/**
 * A record as a bus hands it to delivery: bytes read from a topic, or in one process the
 * producer's value itself, which then reaches the handler without being decoded.
 */
export interface DeliveredRecord extends Omit<RawRecord, 'key' | 'value'> {
  /** As published in one process (no round trip through bytes), as read from a topic otherwise. */
  key: string | Buffer | null;
  value: OutboundValue | null;
}

export function isEncodable(value: OutboundValue): value is EncodableValue {
  return !Buffer.isBuffer(value);
}

/** The bytes a value is written as (encoding a contract value at most once). */
export function valueBytes(value: OutboundValue): Buffer {
  return isEncodable(value) ? value.encode() : value;
}

/** The records with every contract value encoded: what a bus that crosses a process sends. */
export function encodeRecords<R extends { value: OutboundValue }>(records: R[]): (R & { value: Buffer })[] {
  return records.map((record) => (isEncodable(record.value) ? { ...record, value: record.value.encode() } : (record as R & { value: Buffer })));
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
