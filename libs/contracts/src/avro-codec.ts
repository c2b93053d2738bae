import { Type, type schema } from 'avsc';
import { installInPlaceBytesReads } from './avro-bytes-reads';
import { installAsciiStringWrites } from './avro-string-writes';
import { ContractError } from './contract-error';
import { defaultOnlyRecordPaths, writesSilentDefaults } from './default-record-guards';
import { EncodableRecord } from './encodable-record';
import { encodeProblems } from './encode-problems';
import { decodeAsPlainObjects } from './plain-records';
import { loadSchemaCatalog, type AvroSchemaJson, type SchemaCatalog } from './schema-catalog';
import type { ContractTypes, SchemaName } from './schema-names';
import { decodeWire, HEADER_LENGTH, writeWireHeader } from './wire-format';

type Resolver = ReturnType<Type['createResolver']>;

interface WriterSchema {
  name: SchemaName;
  version: number;
  /** Undefined when the writer is the current schema: no resolution needed. */
  resolver: Resolver | undefined;
  /** The writer's schema as registered, whose leading fields peekField reads. */
  schema: AvroSchemaJson;
  /** Per field name: a record of the writer's fields up to that one, null when the writer lacks it. */
  prefixes: Map<string, Type | null>;
}

interface ReaderSchema {
  id: number;
  type: Type;
  /** Paths to records of defaults only, which the writer would write from a primitive. */
  guards: string[][];
  /** Every value checked before it is written: asked for, or the guards cannot cover the schema. */
  checkFirst: boolean;
}

export interface AvroCodecOptions {
  /**
   * Check every value against its schema before encoding it, undeclared fields included: a full
   * walk of the value, about as costly as the encoding itself. Off by default because the types
   * generated from the schemas already guarantee what it checks, and the encoder rejects anything
   * it cannot write (a wrong type, a missing field, a fractional or unsafe long) with the same
   * ContractError; a primitive where a record of defaults only is expected, which the writer
   * would turn into that record, is caught by a cheap check of those few paths. What only this
   * catches: a field the schema does not declare, which the encoder drops. Tests, and producers
   * that build records from untyped input, turn it on.
   */
  validateOnEncode?: boolean;
}

// One scratch buffer per codec, header first: a record is written once and copied once. avsc's
// own toBuffer writes into a shared 1 KiB buffer and writes every larger record a second time.
const SCRATCH_BYTES = 64 * 1024;

let defaultCatalog: SchemaCatalog | undefined;

installAsciiStringWrites();
installInPlaceBytesReads();

/**
 * Encodes and decodes contract records in the Confluent wire format. Writes always use the
 * current schema's id; reads accept any released version and resolve it into the current
 * schema, so a consumer upgraded before its producers keeps working. Decoded records are plain
 * objects (see plain-records.ts); encoding checks only what the encoder must (see AvroCodecOptions).
 */
export class AvroCodec {
  private readonly readers = new Map<SchemaName, ReaderSchema>();
  private readonly writers = new Map<number, WriterSchema>();
  private readonly validateOnEncode: boolean;
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

  constructor(catalog: SchemaCatalog = (defaultCatalog ??= loadSchemaCatalog()), options: AvroCodecOptions = {}) {
    this.validateOnEncode = options.validateOnEncode ?? false;
    for (const current of Object.values(catalog.current)) {
      // No logical types are registered on purpose: timestamp-millis stays a plain number.
      const type = Type.forSchema(current.schema, { omitRecordMethods: true });
      decodeAsPlainObjects(type);
      const guards = defaultOnlyRecordPaths(type);
      const checkFirst = this.validateOnEncode || guards === undefined;
      this.readers.set(current.name, { id: current.latest.id, type, guards: guards ?? [], checkFirst });
    }
    for (const version of catalog.versions) {
      const reader = this.requireReader(version.name);
      // Resolvers are built up front so an incompatible history fails at startup, not mid-stream.
      const resolver = version.id === reader.id ? undefined : reader.type.createResolver(Type.forSchema(version.schema));
      this.writers.set(version.id, { name: version.name, version: version.version, resolver, schema: version.schema, prefixes: new Map() });
    }
  }

  encode<N extends SchemaName>(name: N, value: ContractTypes[N]): Buffer {
    const { id, type, guards, checkFirst } = this.requireReader(name);
    if (checkFirst || writesSilentDefaults(value, guards)) assertValid(name, type, value);
    try {
      return this.frame(id, type, value);
    } catch (err) {
      // The writer's own message quotes the whole value (it may hold secrets): name the fields instead.
      assertValid(name, type, value);
      const reason = err instanceof Error ? err.message : String(err);
      throw new ContractError(`cannot encode ${name}: ${reason}`, { cause: err });
    }
  }

  /**
   * The value as a record to publish, encoded only if it leaves the process (see EncodableRecord):
   * what handlers return, so the all-in-one hands objects from stage to stage.
   */
  encodable<N extends SchemaName>(name: N, value: ContractTypes[N]): EncodableRecord<N> {
    return new EncodableRecord(this, name, value);
  }

  decode<N extends SchemaName>(bytes: Buffer, expected: N): ContractTypes[N] {
    const { schemaId, payload } = decodeWire(bytes);
    const writer = this.writerOf(schemaId, expected);
    const { type } = this.requireReader(expected);
    let value: unknown;
    try {
      value = type.fromBuffer(payload, writer.resolver);
    } catch (err) {
      throw undecodable(expected, writer, schemaId, err);
    }
    return value as ContractTypes[N];
  }

  /**
   * One top-level field of an encoded record, read without decoding the rest: only the writer's
   * fields up to it are read (an Event's className is the sixth of its 34). For a consumer that
   * keeps few of a topic's records and would otherwise decode them all to find those. A record
   * whose writer lacks the field is decoded in full, which gives the reader's default. Throws
   * ContractError as decode does.
   */
  peekField<N extends SchemaName>(bytes: Buffer, expected: N, field: string & keyof ContractTypes[N]): unknown {
    const { schemaId, payload } = decodeWire(bytes);
    const writer = this.writerOf(schemaId, expected);
    const prefix = prefixType(writer, field);
    if (!prefix) return this.decode(bytes, expected)[field];
    let read: { value: unknown; offset: number };
    try {
      read = prefix.decode(payload, 0);
    } catch (err) {
      throw undecodable(expected, writer, schemaId, err);
    }
    // A negative offset: the payload ended before the field did.
    if (read.offset < 0) throw undecodable(expected, writer, schemaId, new Error('truncated record'));
    return (read.value as Record<string, unknown>)[field];
  }

  /** The id records of `name` are written under (its latest released version). */
  schemaIdOf(name: SchemaName): number {
    return this.requireReader(name).id;
  }

  /** The schema a (current or historical) id belongs to. */
  schemaNameOf(id: number): SchemaName {
    const writer = this.writers.get(id);
    if (!writer) throw new ContractError(`unknown schema id ${id}`);
    return writer.name;
  }

  /** Header and body written into the scratch buffer, then copied out at their exact length. */
  private frame(id: number, type: Type, value: unknown): Buffer {
    const end = type.encode(value, this.scratch, HEADER_LENGTH);
    if (end < 0) {
      // Too large for the scratch buffer: `-end` more bytes were needed. Rare, so written twice.
      const framed = Buffer.allocUnsafe(this.scratch.length - end);
      type.encode(value, framed, HEADER_LENGTH);
      writeWireHeader(framed, id);
      return framed;
    }
    writeWireHeader(this.scratch, id);
    const framed = Buffer.allocUnsafe(end);
    this.scratch.copy(framed, 0, 0, end);
    return framed;
  }

  private writerOf(schemaId: number, expected: SchemaName): WriterSchema {
    const writer = this.writers.get(schemaId);
    if (!writer) throw new ContractError(`unknown schema id ${schemaId} (expected ${expected})`);
    if (writer.name !== expected) {
      throw new ContractError(`schema id ${schemaId} is ${writer.name} v${writer.version}, expected ${expected}`);
    }
    return writer;
  }

  private requireReader(name: SchemaName): ReaderSchema {
    const reader = this.readers.get(name);
    if (!reader) throw new ContractError(`unknown schema name ${String(name)}`);
    return reader;
  }
}

function undecodable(expected: SchemaName, writer: WriterSchema, schemaId: number, err: unknown): ContractError {
  const reason = err instanceof Error ? err.message : String(err);
  return new ContractError(`cannot decode ${expected} v${writer.version} (schema id ${schemaId}): ${reason}`, { cause: err });
}

/** The writer's record cut after `field` (built once per writer and field), or null if it has no such field. */
function prefixType(writer: WriterSchema, field: string): Type | null {
  let prefix = writer.prefixes.get(field);
  if (prefix === undefined) {
    const record = writer.schema as schema.RecordType;
    const end = record.fields.findIndex((f) => f.name === field);
    // Fields only refer to named types declared before them, so a leading cut is a schema of its own.
    prefix = end < 0 ? null : Type.forSchema({ ...record, fields: record.fields.slice(0, end + 1) }, { omitRecordMethods: true });
    writer.prefixes.set(field, prefix);
  }
  return prefix;
}

function assertValid(name: SchemaName, type: Type, value: unknown): void {
  const problems = encodeProblems(type, value);
  if (problems.length > 0) throw new ContractError(`invalid ${name}: ${problems.join('; ')}`);
}
