import { Type, types } from 'avsc';
import { ContractError } from './contract-error';
import { loadSchemaCatalog, type SchemaCatalog } from './schema-catalog';
import type { ContractTypes, SchemaName } from './schema-names';
import { decodeWire, encodeWire } from './wire-format';

type Resolver = ReturnType<Type['createResolver']>;

interface WriterSchema {
  name: SchemaName;
  version: number;
  /** Undefined when the writer is the current schema: no resolution needed. */
  resolver: Resolver | undefined;
}

interface ReaderSchema {
  id: number;
  type: Type;
}

let defaultCatalog: SchemaCatalog | undefined;

/**
 * Encodes and decodes contract records in the Confluent wire format. Writes always use the
 * current schema's id; reads accept any released version and resolve it into the current
 * schema, so a consumer upgraded before its producers keeps working.
 */
export class AvroCodec {
  private readonly readers = new Map<SchemaName, ReaderSchema>();
  private readonly writers = new Map<number, WriterSchema>();

  constructor(catalog: SchemaCatalog = (defaultCatalog ??= loadSchemaCatalog())) {
    for (const current of Object.values(catalog.current)) {
      // No logical types are registered on purpose: timestamp-millis stays a plain number.
      this.readers.set(current.name, { id: current.latest.id, type: Type.forSchema(current.schema) });
    }
    for (const version of catalog.versions) {
      const reader = this.requireReader(version.name);
      // Resolvers are built up front so an incompatible history fails at startup, not mid-stream.
      const resolver = version.id === reader.id ? undefined : reader.type.createResolver(Type.forSchema(version.schema));
      this.writers.set(version.id, { name: version.name, version: version.version, resolver });
    }
  }

  encode<N extends SchemaName>(name: N, value: ContractTypes[N]): Buffer {
    const { id, type } = this.requireReader(name);
    const problems: string[] = [];
    const valid = type.isValid(value, {
      noUndeclaredFields: true,
      errorHook: (path: string[], val: unknown, at: Type) => problems.push(describeProblem(path, val, at)),
    });
    if (!valid) throw new ContractError(`invalid ${name}: ${problems.join('; ')}`);
    return encodeWire(id, type.toBuffer(value));
  }

  decode<N extends SchemaName>(bytes: Buffer, expected: N): ContractTypes[N] {
    const { schemaId, payload } = decodeWire(bytes);
    const writer = this.writers.get(schemaId);
    if (!writer) throw new ContractError(`unknown schema id ${schemaId} (expected ${expected})`);
    if (writer.name !== expected) {
      throw new ContractError(`schema id ${schemaId} is ${writer.name} v${writer.version}, expected ${expected}`);
    }
    const { type } = this.requireReader(expected);
    let value: unknown;
    try {
      value = type.fromBuffer(payload, writer.resolver);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ContractError(`cannot decode ${expected} v${writer.version} (schema id ${schemaId}): ${reason}`, {
        cause: err,
      });
    }
    return toPlain(value) as ContractTypes[N];
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

  private requireReader(name: SchemaName): ReaderSchema {
    const reader = this.readers.get(name);
    if (!reader) throw new ContractError(`unknown schema name ${String(name)}`);
    return reader;
  }
}

/** Names the field and what was wrong, never the value itself (it may hold secrets). */
function describeProblem(path: string[], val: unknown, type: Type): string {
  const where = path.length > 0 ? path.join('.') : '(root)';
  if (type instanceof types.RecordType && isPlainObject(val)) {
    const declared = new Set(type.fields.map((field) => field.name));
    const undeclared = Object.keys(val).filter((key) => !declared.has(key));
    if (undeclared.length > 0) return `${where}: undeclared field(s) ${undeclared.join(', ')}`;
  }
  const got = val === undefined ? 'missing' : val === null ? 'null' : Array.isArray(val) ? 'array' : typeof val;
  return `${where}: expected ${describeType(type)}, got ${got}`;
}

function describeType(type: Type): string {
  if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) {
    return type.types.map(describeType).join(' | ');
  }
  return type.name ?? type.typeName;
}

function isPlainObject(val: unknown): val is Record<string, unknown> {
  return typeof val === 'object' && val !== null && !Array.isArray(val) && !Buffer.isBuffer(val);
}

/** avsc decodes records as class instances; consumers (and jest's toEqual) want plain data. */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = toPlain(field);
  return out;
}
