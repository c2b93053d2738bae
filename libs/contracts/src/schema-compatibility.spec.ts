import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSchemaCatalog, type AvroSchemaJson } from './schema-catalog';
import { findIncompatibilities } from './schema-compatibility';
import { SCHEMA_NAMES } from './schema-names';

// Backward compatibility: the current schema must read data written with every earlier
// version, both the frozen ones in schemas/history and every committed revision of the .avsc.
const catalog = loadSchemaCatalog();

describe.each(SCHEMA_NAMES)('%s schema', (name) => {
  const current = catalog.current[name];
  const released = catalog.versions.filter((v) => v.name === name);

  it('equals its latest released version (a changed schema must be frozen as a new version with a new id)', () => {
    expect(withoutDocs(current.schema)).toEqual(withoutDocs(current.latest.schema));
  });

  it.each(released.map((v) => [v.file, v] as const))('reads data written with %s', (_file, version) => {
    expect(findIncompatibilities(version.schema, current.schema)).toEqual([]);
  });

  // Forward compatibility: consumers are deployed before producers, but a consumer rolled back (or
  // a SOC tool still on an older schema) must still read what the current producers write.
  it.each(released.map((v) => [v.file, v] as const))('is read by a reader of %s', (_file, version) => {
    expect(findIncompatibilities(current.schema, version.schema)).toEqual([]);
  });

  it('reads data written with every committed revision of the .avsc file', () => {
    const revisions = committedRevisions(path.join(catalog.dir, current.file));
    if (revisions === null) {
      // A source tarball has no git history (the history/ test above still ran); CI always has one.
      if (process.env['CI']) throw new Error('no usable git history of the schema under CI');
      return;
    }
    expect(revisions.length).toBeGreaterThan(0);
    for (const { sha, schema } of revisions) {
      expect({ sha, problems: findIncompatibilities(schema, current.schema) }).toEqual({ sha, problems: [] });
    }
  });
});

describe('schema ids', () => {
  it('are unique', () => {
    const ids = catalog.versions.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cover every frozen file in schemas/history', () => {
    const files = readdirSync(path.join(catalog.dir, 'history')).map((f) => `history/${f}`);
    expect(files.sort()).toEqual(catalog.versions.map((v) => v.file).sort());
  });
});

describe('the compatibility guard', () => {
  const writer = catalog.current.Change.schema;
  const withField = (field: object): AvroSchemaJson => {
    const schema = structuredClone(writer) as { fields: object[] };
    schema.fields.push(field);
    return schema as AvroSchemaJson;
  };

  it('accepts a new field with a default', () => {
    expect(findIncompatibilities(writer, withField({ name: 'risk', type: 'string', default: 'low' }))).toEqual([]);
  });

  it('reports a new required field without a default', () => {
    const problems = findIncompatibilities(writer, withField({ name: 'risk', type: 'string' }));
    expect(problems.join()).toMatch(/no matching field for default-less quell.Change.risk/);
  });

  it('reports a field whose type changed incompatibly', () => {
    const reader = structuredClone(writer) as { fields: Array<{ name: string; type: unknown }> };
    reader.fields.find((f) => f.name === 'title')!.type = 'int';
    expect(findIncompatibilities(writer, reader as AvroSchemaJson)).not.toEqual([]);
  });

  it('reports a renamed record without an alias', () => {
    const reader = { ...(structuredClone(writer) as object), name: 'ChangeRequest' };
    expect(findIncompatibilities(writer, reader as AvroSchemaJson)).not.toEqual([]);
  });
});

/** Docs may change without a new version: they do not affect the binary encoding. */
function withoutDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDocs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'doc')
      .map(([key, v]) => [key, withoutDocs(v)]),
  );
}

/**
 * Every committed revision of a file. Null when git is unavailable or the clone is shallow
 * (history/ still guards compatibility then).
 */
function committedRevisions(file: string): Array<{ sha: string; schema: AvroSchemaJson }> | null {
  const run = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  let root: string;
  try {
    root = run(path.dirname(file), 'rev-parse', '--show-toplevel').trim();
    if (run(root, 'rev-parse', '--is-shallow-repository').trim() === 'true') return null;
  } catch {
    return null;
  }
  // Paths given to git log and git show are relative to the repository root.
  const relative = path.relative(root, file).split(path.sep).join('/');
  const shas = run(root, 'log', '--format=%H', '--', relative).split('\n').filter(Boolean);
  return shas.map((sha) => ({ sha, schema: JSON.parse(run(root, 'show', `${sha}:${relative}`)) as AvroSchemaJson }));
}
