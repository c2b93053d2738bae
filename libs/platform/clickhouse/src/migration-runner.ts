import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { assertIdentifier, DEFAULT_DATABASE, toDateTime64 } from './clickhouse-client';
import { MigrationError } from './migration-error';

export interface MigrationOptions {
  /** Folder of numbered files: `0001_events.sql`, `0002_…sql`. */
  directory: string;
  /**
   * Database the migrations create and write to (default `quell`); `{database}` in a file is
   * replaced by it. Tests pass a unique one, so each gets its own copy of every table.
   */
  database?: string;
}

interface Applied {
  version: number;
  name: string;
  checksum: string;
}

interface MigrationFile {
  version: number;
  name: string;
}

// WARNING: the name and columns of this table must not change silently: deployed databases record
// their applied migrations in it, and a runner that cannot find them would re-apply every file.
const MIGRATIONS_TABLE = 'quell_schema_migrations';

/**
 * Applies numbered `.sql` files in order, each once, recording them in
 * `<database>.quell_schema_migrations`. A file that changed after it was applied is refused:
 * the fix is a new migration, never an edit of an old one.
 *
 * Two replicas starting at once may both apply a file; that is safe because every statement is
 * idempotent (`IF NOT EXISTS`), and a version recorded twice is still read as applied. The same
 * holds for a file that failed half-way: its statements run again, from the first, on the next start.
 */
export class MigrationRunner {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: MigrationOptions,
  ) {
    this.database = assertIdentifier(options.database ?? DEFAULT_DATABASE, 'database');
  }

  /** Returns the versions applied by this call (empty when everything was already applied). */
  async run(): Promise<number[]> {
    await this.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.database}` });
    await this.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${this.database}.${MIGRATIONS_TABLE}
        (version UInt32, name String, checksum String, applied_at DateTime64(3))
        ENGINE = MergeTree ORDER BY version`,
    });
    const applied = new Map((await this.applied()).map((a) => [a.version, a]));
    const done: number[] = [];
    for (const file of this.files()) {
      const sql = readFileSync(join(this.options.directory, file.name), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = applied.get(file.version);
      if (previous) {
        if (previous.checksum !== checksum) {
          throw new MigrationError(
            `migration ${file.name} changed after it was applied (checksum differs); add a new migration instead`,
            { retriable: false },
          );
        }
        continue;
      }
      await this.apply(file, sql);
      await this.client.insert({
        table: `${this.database}.${MIGRATIONS_TABLE}`,
        values: [{ version: file.version, name: file.name, checksum, applied_at: toDateTime64(Date.now()) }],
        format: 'JSONEachRow',
      });
      done.push(file.version);
    }
    return done;
  }

  private async apply(file: MigrationFile, sql: string): Promise<void> {
    const statements = splitStatements(sql.replaceAll('{database}', this.database));
    for (const [index, statement] of statements.entries()) {
      try {
        await this.client.command({ query: statement });
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        const retriable = !(typeof cause === 'object' && cause !== null && 'retriable' in cause && cause.retriable === false);
        throw new MigrationError(`migration ${file.name} failed at statement ${index + 1} of ${statements.length}: ${reason}`, {
          retriable,
          cause,
        });
      }
    }
  }

  private files(): MigrationFile[] {
    const files = readdirSync(this.options.directory)
      .filter((name) => /^\d+_.+\.sql$/.test(name))
      .map((name) => ({ version: Number(name.split('_')[0]), name }))
      .sort((a, b) => a.version - b.version);
    // Two files with one number would make "applied once" ambiguous; refuse rather than guess.
    for (let i = 1; i < files.length; i += 1) {
      if (files[i].version === files[i - 1].version) {
        throw new MigrationError(`migrations ${files[i - 1].name} and ${files[i].name} share version ${files[i].version}`, {
          retriable: false,
        });
      }
    }
    return files;
  }

  private async applied(): Promise<Applied[]> {
    const result = await this.client.query({
      query: `SELECT version, name, checksum FROM ${this.database}.${MIGRATIONS_TABLE} ORDER BY version`,
      format: 'JSONEachRow',
    });
    return result.json<Applied>();
  }
}

/**
 * Statements are separated by a `;` at the end of a line; `--` comment lines are dropped (a `;`
 * inside a string literal at a line's end would split it, so migrations avoid that).
 */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
