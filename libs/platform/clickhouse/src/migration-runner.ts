import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { assertIdentifier, toDateTime64 } from './clickhouse-client';

export interface MigrationOptions {
  /** Folder of numbered files: `0001_events.sql`, `0002_…sql`. */
  directory: string;
  /** Database the migrations create and write to; `{database}` in a file is replaced by it. */
  database: string;
}

interface Applied {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies numbered `.sql` files in order, each once, recording them in
 * `<database>.quell_schema_migrations`. A file that changed after it was applied is refused:
 * the fix is a new migration, never an edit of an old one.
 */
export class MigrationRunner {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: MigrationOptions,
  ) {
    this.database = assertIdentifier(options.database, 'database');
  }

  /** Returns the versions applied by this call. */
  async run(): Promise<number[]> {
    await this.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.database}` });
    await this.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${this.database}.quell_schema_migrations
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
          throw new Error(`migration ${file.name} changed after it was applied (checksum differs); add a new migration instead`);
        }
        continue;
      }
      for (const statement of splitStatements(sql.replaceAll('{database}', this.database))) {
        await this.client.command({ query: statement });
      }
      await this.client.insert({
        table: `${this.database}.quell_schema_migrations`,
        values: [{ version: file.version, name: file.name, checksum, applied_at: toDateTime64(Date.now()) }],
        format: 'JSONEachRow',
      });
      done.push(file.version);
    }
    return done;
  }

  private files(): { version: number; name: string }[] {
    return readdirSync(this.options.directory)
      .filter((name) => /^\d+_.+\.sql$/.test(name))
      .map((name) => ({ version: Number(name.split('_')[0]), name }))
      .sort((a, b) => a.version - b.version);
  }

  private async applied(): Promise<Applied[]> {
    const result = await this.client.query({
      query: `SELECT version, name, checksum FROM ${this.database}.quell_schema_migrations ORDER BY version`,
      format: 'JSONEachRow',
    });
    return result.json<Applied>();
  }
}

/** Statements are separated by a `;` at the end of a line; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
