import { Type } from 'avsc';
import { AvroCodec } from './avro-codec';
import { ContractError } from './contract-error';
import { loadSchemaCatalog, type SchemaCatalog } from './schema-catalog';
import { SCHEMA_NAMES } from './schema-names';
import { SAMPLES } from './test/samples';
import { decodeWire, encodeWire } from './wire-format';

describe('AvroCodec', () => {
  const codec = new AvroCodec();
  const validating = new AvroCodec(undefined, { validateOnEncode: true });

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
    expect(codec.schemaIdOf('Event')).toBe(1102);
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

    describe.each([
      ['the default codec (checks on failure only)', codec],
      ['a validating codec', validating],
    ])('from %s,', (_, subject) => {
      it('an invalid value on encode, naming the field paths', () => {
        const bad = { ...SAMPLES.Event, severity: 'high', src: { ip: '10.0.0.1', port: '22' } } as never;
        const err = expectContractError(() => subject.encode('Event', bad), /invalid Event/);
        expect(err.message).toContain('severity: expected int, got string');
        expect(err.message).toContain('src.port: expected null | int, got string');
      });

      it('a missing required field on encode', () => {
        const { tenant, ...noTenant } = SAMPLES.Alert;
        void tenant;
        expectContractError(() => subject.encode('Alert', noTenant as never), /tenant: expected string, got missing/);
      });

      // Values the types rule out but untyped input could still produce: each must fail, not encode
      // as something else (a rounded long, a NaN written as 0, a record of defaults).
      it.each([
        ['a fractional long', { ...SAMPLES.Event, time: 1.5 }, /time: expected long, got number/],
        ['a long beyond 2^53', { ...SAMPLES.Event, time: 2 ** 53 }, /time: expected long, got number/],
        ['NaN for an int', { ...SAMPLES.Event, severity: Number.NaN }, /severity: expected int, got number/],
        ['an int beyond 32 bits', { ...SAMPLES.Event, classUid: 2 ** 31 }, /classUid: expected int, got number/],
        ['a string for bytes', { ...SAMPLES.RawEvent, payload: 'x' }, /payload: expected bytes, got string/],
        ['a number in a map', { ...SAMPLES.Event, original: { EventID: 4625 } }, /original\.EventID: expected string, got number/],
        ['null for a record', { ...SAMPLES.Event, source: null }, /source: expected quell\.EventSource, got null/],
        ['a string for a nullable record', { ...SAMPLES.Event, host: 'dc01' }, /host: expected null \| quell\.Host, got string/],
        ['a string for an array', { ...SAMPLES.Event, tags: 'windows' }, /tags: expected array, got string/],
        ['a bad array item', { ...SAMPLES.Alert, entities: [{ type: 'host' }] }, /entities\.0\.value: expected string, got missing/],
        // avsc would write these as records of defaults: suppression state none, scope everything.
        ['a string for a record of defaults', { ...SAMPLES.Alert, suppression: 'suppressed' }, /suppression: expected quell\.Suppression, got string/],
        ['a number for a record of defaults', { ...SAMPLES.Change, scope: 42 }, /scope: expected quell\.ChangeScope, got number/],
      ])('%s', (_label, value, message) => {
        const name = 'payload' in value ? 'RawEvent' : 'entities' in value ? 'Alert' : 'scope' in value ? 'Change' : 'Event';
        expectContractError(() => subject.encode(name, value as never), message);
      });

      it('without quoting the value (it may hold secrets)', () => {
        const bad = { ...SAMPLES.Event, message: 'password=hunter2', severity: 'high' } as never;
        const err = expectContractError(() => subject.encode('Event', bad), /severity: expected int, got string/);
        expect(err.message).not.toContain('hunter2');
        expect(err.cause).toBeUndefined();
      });
    });

    it('an undeclared field on encode, when validating (a typo would otherwise be dropped silently)', () => {
      const typo = { ...SAMPLES.Change, scope: { ...SAMPLES.Change.scope, host: ['fw-1'] } } as never;
      expectContractError(() => validating.encode('Change', typo), /scope: undeclared field\(s\) host/);
    });
  });

  it('drops an undeclared field when not validating: the record stays valid, as for a reader of an older schema', () => {
    const extra = { ...SAMPLES.Alert, note: 'not in the schema', rule: { ...SAMPLES.Alert.rule, severity: 'high' } } as never;
    const decoded = codec.decode(codec.encode('Alert', extra), 'Alert');
    expect(decoded).toStrictEqual(SAMPLES.Alert);
    expect(codec.encode('Alert', extra)).toEqual(codec.encode('Alert', SAMPLES.Alert));
  });

  it('writes the same bytes with or without validation, and as avsc toBuffer framed by encodeWire', () => {
    for (const name of SCHEMA_NAMES) {
      const fast = codec.encode(name, SAMPLES[name]);
      expect(validating.encode(name, SAMPLES[name])).toEqual(fast);
      const type = Type.forSchema(loadSchemaCatalog().current[name].schema);
      expect(fast).toEqual(encodeWire(codec.schemaIdOf(name), type.toBuffer(SAMPLES[name])));
    }
  });

  it('round-trips random values of every schema', () => {
    const catalog = loadSchemaCatalog();
    for (const name of SCHEMA_NAMES) {
      const type = Type.forSchema(catalog.current[name].schema);
      for (let i = 0; i < 25; i++) {
        const value = type.random() as never;
        const bytes = codec.encode(name, value);
        expect(bytes).toEqual(encodeWire(codec.schemaIdOf(name), type.toBuffer(value)));
        expect(codec.decode(bytes, name)).toEqual(value);
      }
    }
  });

  it('returns buffers of their own: the next encode does not overwrite the previous one', () => {
    const first = codec.encode('Event', SAMPLES.Event);
    const copy = Buffer.from(first);
    codec.encode('Event', { ...SAMPLES.Event, id: 'another', message: 'something else entirely' });
    expect(first).toEqual(copy);
  });

  it('round-trips records larger than its scratch buffer', () => {
    const large = { ...SAMPLES.RawEvent, payload: Buffer.alloc(200_000, 0x61), attributes: { big: 'é'.repeat(50_000) } };
    const bytes = codec.encode('RawEvent', large);
    expect(decodeWire(bytes).schemaId).toBe(codec.schemaIdOf('RawEvent'));
    expect(codec.decode(bytes, 'RawEvent')).toStrictEqual(large);
    expect(codec.decode(codec.encode('RawEvent', SAMPLES.RawEvent), 'RawEvent')).toStrictEqual(SAMPLES.RawEvent);
  });

  describe('decodes plain objects, as callers use them', () => {
    it.each(SCHEMA_NAMES)('%s: plain at every level, spread, JSON, structuredClone and Object.keys alike', (name) => {
      const decoded = codec.decode(codec.encode(name, SAMPLES[name]), name);
      expect(nonPlainObjects(decoded)).toEqual([]);
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(SAMPLES[name]));
      expect({ ...decoded }).toStrictEqual(SAMPLES[name]);
      expect(structuredClone(decoded)).toStrictEqual(structuredClone(SAMPLES[name]));
      expect(Object.keys(decoded)).toEqual(Object.keys(SAMPLES[name]));
      expect(String(decoded)).toBe('[object Object]');
    });

    it('of its own: mutating one decoded record leaves the next decode of the same bytes alone', () => {
      const bytes = codec.encode('Alert', SAMPLES.Alert);
      const first = codec.decode(bytes, 'Alert');
      first.rule.tags.push('changed');
      first.details['x'] = 'y';
      expect(codec.decode(bytes, 'Alert')).toStrictEqual(SAMPLES.Alert);
    });

    it('also when resolving an older version and filling defaults', () => {
      const catalog = loadSchemaCatalog();
      const oldest = catalog.versions.filter((v) => v.name === 'Alert').sort((a, b) => a.version - b.version)[0];
      const oldType = Type.forSchema(oldest.schema);
      const decoded = codec.decode(encodeWire(oldest.id, oldType.toBuffer(oldType.random())), 'Alert');
      expect(nonPlainObjects(decoded)).toEqual([]);
    });
  });

  describe('peekField reads one field without decoding the record', () => {
    const eventBytes = codec.encode('Event', SAMPLES.Event);

    it.each(['id', 'tenant', 'className'] as const)('%s: as decode reads it', (field) => {
      expect(codec.peekField(eventBytes, 'Event', field)).toEqual(SAMPLES.Event[field]);
    });

    it('reads only the fields up to it: what follows may be anything', () => {
      const tail = Buffer.from(eventBytes);
      // Everything after className (the sixth field) is overwritten.
      tail.fill(0xff, tail.indexOf(SAMPLES.Event.className) + SAMPLES.Event.className.length);
      expect(() => codec.decode(tail, 'Event')).toThrow(ContractError);
      expect(codec.peekField(tail, 'Event', 'className')).toBe(SAMPLES.Event.className);
    });

    it("from an older writer's record (Event v1)", () => {
      const v1 = loadSchemaCatalog().versions.find((v) => v.name === 'Event' && v.version === 1)!;
      const { code, provider, observer, network, file, registry, dns, url, http, userAgent, cloud, ...v1Event } = SAMPLES.Event;
      void [code, provider, observer, network, file, registry, dns, url, http, userAgent, cloud];
      const bytes = encodeWire(v1.id, Type.forSchema(v1.schema).toBuffer({ ...v1Event, process: null }));
      expect(codec.peekField(bytes, 'Event', 'className')).toBe(SAMPLES.Event.className);
    });

    it("gives the reader's default when the writer has no such field", () => {
      const { codec: evolved, oldBytes } = changeWithRisk();
      expect(evolved.peekField(oldBytes, 'Change', 'risk' as never)).toBe('low');
    });

    it('rejects a record cut before the field, or of another schema, as decode does', () => {
      expectContractError(() => codec.peekField(eventBytes.subarray(0, 8), 'Event', 'className'), /cannot decode Event v2 \(schema id 1102\): truncated/);
      expectContractError(() => codec.peekField(codec.encode('Alert', SAMPLES.Alert), 'Event', 'className'), /is Alert v2, expected Event/);
    });
  });

  it('resolves records written with an older version into the current schema', () => {
    const { codec: newCodec, oldBytes, nextId } = changeWithRisk();
    expect(newCodec.decode(oldBytes, 'Change')).toEqual({ ...SAMPLES.Change, risk: 'low' });
    expect(decodeWire(newCodec.encode('Change', { ...SAMPLES.Change, risk: 'high' } as never)).schemaId).toBe(nextId);
  });
});

/** A codec whose Change has a next version adding `risk` (default 'low'), and a record of the version before. */
function changeWithRisk(): { codec: AvroCodec; oldBytes: Buffer; nextId: number } {
  const catalog = loadSchemaCatalog();
  const current = catalog.current.Change;
  const v2 = { ...(current.schema as object) } as { fields: Array<{ name: string }> };
  v2.fields = [...v2.fields, { name: 'risk', type: 'string', default: 'low' } as never];
  const v1Version = current.latest;
  const nextId = v1Version.id + 1;
  const v2Version = { ...v1Version, version: v1Version.version + 1, id: nextId, schema: v2 as never, file: 'history/change.vnext.avsc' };
  const evolved: SchemaCatalog = {
    ...catalog,
    versions: [...catalog.versions, v2Version],
    current: { ...catalog.current, Change: { ...current, schema: v2 as never, latest: v2Version } },
  };
  const oldBytes = encodeWire(v1Version.id, Type.forSchema(v1Version.schema).toBuffer(SAMPLES.Change));
  return { codec: new AvroCodec(evolved), oldBytes, nextId };
}

/** Paths of every object in `value` whose prototype is not Object.prototype (arrays and Buffers aside). */
function nonPlainObjects(value: unknown, path = '(root)'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => nonPlainObjects(item, `${path}.${i}`));
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return [];
  const own = Object.getPrototypeOf(value) === Object.prototype && value.constructor === Object ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([key, field]) => nonPlainObjects(field, `${path}.${key}`))];
}

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
