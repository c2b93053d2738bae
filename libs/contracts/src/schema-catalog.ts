import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Type } from 'avsc';
import { SCHEMA_NAMES, type SchemaName } from './schema-names';

/** A schema as JSON (what an .avsc file holds). */
export type AvroSchemaJson = Parameters<typeof Type.forSchema>[0];

/** One released version of a schema, frozen in schemas/history/ under a fixed id. */
export interface SchemaVersion {
  name: SchemaName;
  version: number;
  id: number;
  subject: string;
  /** Path relative to the schemas directory, e.g. history/event.v1.avsc. */
  file: string;
  schema: AvroSchemaJson;
}

export interface CurrentSchema {
  name: SchemaName;
  /** Path relative to the schemas directory, e.g. event.avsc. */
  file: string;
  schema: AvroSchemaJson;
  /** The latest released version; records are written under its id. */
  latest: SchemaVersion;
}

export interface SchemaCatalog {
  dir: string;
  versions: SchemaVersion[];
  current: Record<SchemaName, CurrentSchema>;
}

interface SchemaIdsFile {
  schemas: Record<string, { subject: string; file: string; versions: Record<string, number> }>;
}

const IDS_FILE = 'schema-ids.json';

/**
 * Finds libs/contracts/schemas from this file's location: next to src/ when run from source
 * (jest, ts-node), or by walking up to the repository when run from a compiled output tree.
 */
export function locateSchemasDir(from: string = __dirname): string {
  const sibling = path.resolve(from, '../schemas');
  if (existsSync(path.join(sibling, IDS_FILE))) return sibling;
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'libs/contracts/schemas');
    if (existsSync(path.join(candidate, IDS_FILE))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`contracts: cannot find libs/contracts/schemas from ${from}`);
  }
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Loads schema-ids.json, the current .avsc files and every frozen version; throws on any gap. */
export function loadSchemaCatalog(dir: string = locateSchemasDir()): SchemaCatalog {
  const ids = readJson<SchemaIdsFile>(path.join(dir, IDS_FILE));
  const versions: SchemaVersion[] = [];
  const current = {} as Record<SchemaName, CurrentSchema>;
  const seenIds = new Set<number>();
  for (const name of SCHEMA_NAMES) {
    const entry = ids.schemas[name];
    if (!entry) throw new Error(`contracts: ${IDS_FILE} has no entry for ${name}`);
    const own: SchemaVersion[] = [];
    for (const [version, id] of Object.entries(entry.versions)) {
      if (seenIds.has(id)) throw new Error(`contracts: schema id ${id} is used twice in ${IDS_FILE}`);
      seenIds.add(id);
      const file = `history/${entry.file}.v${version}.avsc`;
      const schema = readJson<AvroSchemaJson>(path.join(dir, file));
      own.push({ name, version: Number(version), id, subject: entry.subject, file, schema });
    }
    if (own.length === 0) throw new Error(`contracts: ${name} has no released version in ${IDS_FILE}`);
    own.sort((a, b) => a.version - b.version);
    versions.push(...own);
    const file = `${entry.file}.avsc`;
    current[name] = { name, file, schema: readJson<AvroSchemaJson>(path.join(dir, file)), latest: own[own.length - 1] };
  }
  return { dir, versions, current };
}
