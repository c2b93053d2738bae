import { Type } from 'avsc';
import type { AvroSchemaJson } from './schema-catalog';

/**
 * Lists why `reader` cannot read data written with `writer` (empty when it can). Checks Avro
 * schema resolution first (e.g. a new field without a default), then round-trips random
 * records through the resolver, which catches what resolution alone accepts but decoding
 * rejects. Used by the compatibility test over every released and committed version.
 */
export function findIncompatibilities(writer: AvroSchemaJson, reader: AvroSchemaJson, samples = 20): string[] {
  let writerType: Type;
  let readerType: Type;
  try {
    writerType = Type.forSchema(writer);
    readerType = Type.forSchema(reader);
  } catch (err) {
    return [`invalid schema: ${messageOf(err)}`];
  }
  let resolver: ReturnType<Type['createResolver']>;
  try {
    resolver = readerType.createResolver(writerType);
  } catch (err) {
    return [`cannot resolve ${writerType.name ?? writerType.typeName}: ${messageOf(err)}`];
  }
  const problems = new Set<string>();
  for (let i = 0; i < samples; i++) {
    const bytes = writerType.toBuffer(writerType.random());
    try {
      const value: unknown = readerType.fromBuffer(bytes, resolver);
      if (!readerType.isValid(value)) problems.add('a resolved record is not valid for the reader schema');
    } catch (err) {
      problems.add(`cannot decode a sample record: ${messageOf(err)}`);
    }
  }
  return [...problems];
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
