import { valueBytes, type OutboundRecord } from '../bus/message';

/**
 * Bytes a record adds to a produce request beyond its key, value and header bytes (varint
 * lengths, offset and timestamp deltas, attributes): under 30 in practice; counted generously.
 */
const RECORD_OVERHEAD_BYTES = 64;
/** Room for the request, topic and record-batch headers of one chunk. */
const CHUNK_OVERHEAD_BYTES = 4 * 1024;

/** One record is larger than the producer's request bound: retrying cannot help. */
export class RecordTooLargeError extends Error {
  readonly retriable = false;

  constructor(
    readonly topic: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `a record of ${bytes} bytes for topic ${topic} exceeds the producer's request bound of ${maxBytes} bytes (KAFKA_MAX_REQUEST_BYTES)`,
    );
    this.name = 'RecordTooLargeError';
  }
}

/** What a record weighs in a produce request (uncompressed). */
export function encodedSize(record: OutboundRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + valueBytes(record.value).length + (record.key === null ? 0 : Buffer.byteLength(record.key));
  for (const [name, value] of Object.entries(record.headers ?? {})) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** The most a record may weigh to be published under `maxBytes`. */
export function recordBudget(maxBytes: number): number {
  return maxBytes - CHUNK_OVERHEAD_BYTES;
}

/**
 * Cuts the records of one publish into consecutive chunks whose encoded size stays under
 * `maxBytes`, in their original order: sent one after the other, each acknowledged before the
 * next, they keep every key's order. The broker refuses a record batch over its
 * max.message.bytes (1 MiB by default) for good, so one oversized send would fail forever.
 */
export function chunkBySize(records: OutboundRecord[], maxBytes: number): OutboundRecord[][] {
  const budget = recordBudget(maxBytes);
  const chunks: OutboundRecord[][] = [];
  let chunk: OutboundRecord[] = [];
  let size = 0;
  for (const record of records) {
    const bytes = encodedSize(record);
    if (bytes > budget) throw new RecordTooLargeError(record.topic, bytes, budget);
    if (size + bytes > budget && chunk.length > 0) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(record);
    size += bytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
