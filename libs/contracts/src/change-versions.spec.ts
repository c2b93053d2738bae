import { Type } from 'avsc';
import { AvroCodec } from './avro-codec';
import type { Change } from './generated/types';
import { loadSchemaCatalog } from './schema-catalog';
import { SAMPLES } from './test/samples';
import { decodeWire, encodeWire } from './wire-format';

// Change v2 (id 1402) added owner, approval history, IP/CIDR scope and EXDATEs. Both directions of
// a rolling deployment, with real records through the real codec.
const catalog = loadSchemaCatalog();
const v1Type = Type.forSchema(catalog.versions.find((v) => v.name === 'Change' && v.version === 1)!.schema);
const codec = new AvroCodec();

/** The sample as a v1 producer would have built it: without the v2 fields. */
function v1Record(change: Change): Record<string, unknown> {
  const without = <T extends object>(value: T, key: string): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
  const record = without(without(change, 'owner'), 'approvals');
  return { ...record, scope: without(change.scope, 'ips'), windows: change.windows.map((w) => without(w, 'exdates')) };
}

describe('Change v1 and v2 interoperate', () => {
  it('writes under id 1402', () => {
    expect(decodeWire(codec.encode('Change', SAMPLES.Change)).schemaId).toBe(1402);
  });

  it('a v2 reader reads a v1 record: no owner, no approvals, no IP scope, no EXDATEs', () => {
    const old = v1Record(SAMPLES.Change);
    const decoded = codec.decode(encodeWire(1401, v1Type.toBuffer(old)), 'Change');
    expect(decoded).toEqual({
      ...SAMPLES.Change,
      owner: null,
      approvals: [],
      scope: { ...SAMPLES.Change.scope, ips: [] },
      windows: SAMPLES.Change.windows.map((w) => ({ ...w, exdates: [] })),
    });
  });

  it('a v1 reader reads a v2 record: the v1 fields survive, the new ones are skipped', () => {
    const { schemaId, payload } = decodeWire(codec.encode('Change', SAMPLES.Change));
    const writer = Type.forSchema(catalog.versions.find((v) => v.id === schemaId)!.schema);
    const decoded: unknown = v1Type.fromBuffer(payload, v1Type.createResolver(writer));
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(v1Record(SAMPLES.Change))));
    // The sample fills the v2 fields, so this is not vacuous.
    expect(SAMPLES.Change.approvals).not.toEqual([]);
    expect(SAMPLES.Change.scope.ips).not.toEqual([]);
  });
});
