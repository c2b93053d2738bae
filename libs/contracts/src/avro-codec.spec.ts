import { Type } from 'avsc';
import { AvroCodec } from './avro-codec';
import { ContractError } from './contract-error';
import { loadSchemaCatalog, type SchemaCatalog } from './schema-catalog';
import { SCHEMA_NAMES } from './schema-names';
import { SAMPLES } from './test/samples';
import { decodeWire, encodeWire } from './wire-format';

describe('AvroCodec', () => {
  const codec = new AvroCodec();

  it.each(SCHEMA_NAMES)('round-trips a realistic %s as plain objects', (name) => {
    const bytes = codec.encode(name, SAMPLES[name]);
    expect(decodeWire(bytes).schemaId).toBe(codec.schemaIdOf(name));
    const decoded = codec.decode(bytes, name);
    expect(decoded).toStrictEqual(SAMPLES[name]);
  });

  it('keeps timestamps as plain numbers and bytes as Buffers', () => {
    const raw = codec.decode(codec.encode('RawEvent', SAMPLES.RawEvent), 'RawEvent');
    expect(typeof raw.receivedAt).toBe('number');
    expect(Buffer.isBuffer(raw.payload)).toBe(true);
  });

  it('maps schema names and ids both ways', () => {
    expect(codec.schemaIdOf('RawEvent')).toBe(1001);
    expect(codec.schemaIdOf('Event')).toBe(1101);
    expect(codec.schemaNameOf(1201)).toBe('Alert');
    expect(() => codec.schemaNameOf(9999)).toThrow(ContractError);
  });

  it('fills defaults for fields a producer leaves out', () => {
    const { tags, original, late, parseWarnings, host, ...minimal } = SAMPLES.Event;
    void [tags, original, late, parseWarnings, host];
    const decoded = codec.decode(codec.encode('Event', minimal as typeof SAMPLES.Event), 'Event');
    expect(decoded).toMatchObject({ tags: [], original: {}, late: false, parseWarnings: [], host: null });
  });

  describe('rejects, with a non-retriable ContractError,', () => {
    const alertBytes = codec.encode('Alert', SAMPLES.Alert);

    it('a truncated payload', () => {
      expectContractError(() => codec.decode(alertBytes.subarray(0, alertBytes.length - 10), 'Alert'), /cannot decode Alert/);
    });

    it('trailing garbage after the record', () => {
      expectContractError(() => codec.decode(Buffer.concat([alertBytes, Buffer.from([1, 2])]), 'Alert'), /trailing data/);
    });

    it('garbage behind a valid header', () => {
      const poison = encodeWire(1201, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
      expectContractError(() => codec.decode(poison, 'Alert'), /cannot decode/);
    });

    it('a wrong magic byte', () => {
      const bytes = Buffer.from(alertBytes);
      bytes[0] = 1;
      expectContractError(() => codec.decode(bytes, 'Alert'), /magic byte 0x01/);
    });

    it('an unknown schema id', () => {
      expectContractError(() => codec.decode(encodeWire(4242, Buffer.alloc(8)), 'Alert'), /unknown schema id 4242/);
    });

    it('a record of another schema than expected', () => {
      expectContractError(() => codec.decode(alertBytes, 'Incident'), /schema id 1202 is Alert v2, expected Incident/);
    });

    it('an invalid value on encode, naming the field paths', () => {
      const bad = { ...SAMPLES.Event, severity: 'high', src: { ip: '10.0.0.1', port: '22' } } as never;
      const err = expectContractError(() => codec.encode('Event', bad), /invalid Event/);
      expect(err.message).toContain('severity: expected int, got string');
      expect(err.message).toContain('src.port: expected null | int, got string');
    });

    it('a missing required field on encode', () => {
      const { tenant, ...noTenant } = SAMPLES.Alert;
      void tenant;
      expectContractError(() => codec.encode('Alert', noTenant as never), /tenant: expected string, got missing/);
    });

    it('an undeclared field on encode (a typo would otherwise be dropped silently)', () => {
      const typo = { ...SAMPLES.Change, scope: { ...SAMPLES.Change.scope, host: ['fw-1'] } } as never;
      expectContractError(() => codec.encode('Change', typo), /scope: undeclared field\(s\) host/);
    });
  });

  it('resolves records written with an older version into the current schema', () => {
    const catalog = loadSchemaCatalog();
    const current = catalog.current.Change;
    const v2 = { ...current.schema as object } as { fields: Array<{ name: string }> };
    v2.fields = [...v2.fields, { name: 'risk', type: 'string', default: 'low' } as never];
    const v1Version = current.latest;
    const v2Version = { ...v1Version, version: 2, id: 1402, schema: v2 as never, file: 'history/change.v2.avsc' };
    const evolved: SchemaCatalog = {
      ...catalog,
      versions: [...catalog.versions, v2Version],
      current: { ...catalog.current, Change: { ...current, schema: v2 as never, latest: v2Version } },
    };
    const newCodec = new AvroCodec(evolved);
    const oldBytes = encodeWire(1401, Type.forSchema(v1Version.schema).toBuffer(SAMPLES.Change));
    expect(newCodec.decode(oldBytes, 'Change')).toEqual({ ...SAMPLES.Change, risk: 'low' });
    expect(decodeWire(newCodec.encode('Change', { ...SAMPLES.Change, risk: 'high' } as never)).schemaId).toBe(1402);
  });
});

function expectContractError(fn: () => unknown, message: RegExp): ContractError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).retriable).toBe(false);
    expect((err as Error).message).toMatch(message);
    return err as ContractError;
  }
  throw new Error('expected a ContractError');
}
