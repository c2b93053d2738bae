import { isEncodable, type OutboundRecord } from '../bus/message';

/** What a record, an object's slot or an array's item costs beside its text, roughly. */
const SLOT_BYTES = 16;
/** An object below the walked levels (the walk stops there to stay cheap). */
const UNWALKED_BYTES = 64;

/**
 * About how much memory a record holds while it waits on a topic, for the in-process bus's byte
 * bound: bytes as they are; a contract object by its strings and buffers two levels down (an
 * Event's fields and its `original` map; a RawEvent's payload), each property a slot. An
 * estimate that costs about a microsecond, not a measure: it makes the bound follow the size of
 * what flows (a few large events weigh what many small ones do), which a count of records cannot.
 */
export function approximateRecordBytes(record: OutboundRecord): number {
  const value = record.value;
  return SLOT_BYTES + (record.key?.length ?? 0) + (isEncodable(value) ? valueBytes(value.object, 2) : value.length);
}

/** Contract objects measured per published batch; the others are charged their average. */
const SAMPLES = 8;

/**
 * approximateRecordBytes of each record of one topic's batch, walking at most SAMPLES of its
 * contract objects (a batch's objects are alike: one stage's outputs): an Event costs a few µs to
 * walk, which at every publish would have cost the main thread about as much as the bound saves.
 */
export function approximateBatchBytes(records: readonly OutboundRecord[]): number[] {
  const objects = records.filter((record) => isEncodable(record.value));
  let average = 0;
  if (objects.length > 0) {
    const samples = Math.min(SAMPLES, objects.length);
    for (let i = 0; i < samples; i += 1) average += approximateRecordBytes(objects[Math.floor((i * objects.length) / samples)]);
    average = Math.ceil(average / samples);
  }
  return records.map((record) => (isEncodable(record.value) ? average : approximateRecordBytes(record)));
}

function valueBytes(value: unknown, levels: number): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 8;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (levels === 0) return UNWALKED_BYTES;
  let total = 0;
  if (Array.isArray(value)) {
    for (const item of value) total += SLOT_BYTES + valueBytes(item, levels - 1);
    return total;
  }
  const fields = value as Record<string, unknown>;
  for (const key in fields) total += SLOT_BYTES + key.length + valueBytes(fields[key], levels - 1);
  return total;
}
