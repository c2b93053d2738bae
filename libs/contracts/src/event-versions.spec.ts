import { Type } from 'avsc';
import { AvroCodec } from './avro-codec';
import type { Event } from './generated/types';
import { loadSchemaCatalog } from './schema-catalog';
import { SAMPLES } from './test/samples';
import { decodeWire, encodeWire } from './wire-format';

// Event v2 (id 1102) added the ECS fields investigations need. Both directions of a rolling
// deployment are checked with real records through the real codec, not only schema resolution:
// a v1 producer's record read by a v2 consumer, and a v2 producer's record read by a v1 consumer.
const catalog = loadSchemaCatalog();
const v1 = catalog.versions.find((v) => v.name === 'Event' && v.version === 1)!;
const v1Type = Type.forSchema(v1.schema);
const codec = new AvroCodec();

const V2_FIELDS = ['code', 'provider', 'observer', 'network', 'file', 'registry', 'dns', 'url', 'http', 'userAgent', 'cloud'] as const;
const V2_PROCESS_FIELDS = ['parentExecutable', 'parentPid', 'hash'] as const;

/** The sample as a v1 producer would have built it: without the v2 fields. */
function v1Record(event: Event): Record<string, unknown> {
  const record: Record<string, unknown> = { ...event };
  for (const key of V2_FIELDS) delete record[key];
  const process: Record<string, unknown> | null = event.process ? { ...event.process } : null;
  for (const key of V2_PROCESS_FIELDS) if (process) delete process[key];
  return { ...record, process };
}

describe('Event v1 and v2 interoperate', () => {
  it('writes under id 1102', () => {
    expect(decodeWire(codec.encode('Event', SAMPLES.Event)).schemaId).toBe(1102);
  });

  it('a v2 reader reads a v1 record: every v2 field is null, everything else unchanged', () => {
    const old = v1Record(SAMPLES.Event);
    const decoded = codec.decode(encodeWire(1101, v1Type.toBuffer(old)), 'Event');
    expect(decoded).toEqual({
      ...old,
      ...Object.fromEntries(V2_FIELDS.map((key) => [key, null])),
      process: { ...(old['process'] as object), parentExecutable: null, parentPid: null, hash: null },
    });
  });

  it('a v1 reader reads a v2 record: the v1 fields survive, the new ones are skipped', () => {
    const { schemaId, payload } = decodeWire(codec.encode('Event', SAMPLES.Event));
    const writer = Type.forSchema(catalog.versions.find((v) => v.id === schemaId)!.schema);
    const decoded: unknown = v1Type.fromBuffer(payload, v1Type.createResolver(writer));
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(v1Record(SAMPLES.Event))));
    // The sample fills v2 fields, so this is not vacuous.
    expect(SAMPLES.Event.code).not.toBeNull();
    expect(SAMPLES.Event.process?.parentExecutable).not.toBeNull();
  });
});
