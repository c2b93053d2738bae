import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { assertIdentifier, DEFAULT_DATABASE } from './clickhouse-client';
import { toDateTime64 } from './date-time64';
import { MigrationError } from './migration-error';
import { assertDistinctSets, orderedMigrations, type Migration, type MigrationSet } from './migration-set';

export interface MigrationOptions {
  /** The sets to apply, in this order (each lib's tables come after the tables they build on). */
  sets: readonly MigrationSet[];
  /**
   * Database the migrations create and write to (default `quell`); `{database}` in a migration is
   * replaced by it. Tests pass a unique one, so each gets its own copy of every table.
   */
  database?: string;
}

interface Applied {
  version: number;
  name: string;
  checksum: string;
}

// WARNING: the name and columns of this table must not change silently: deployed databases record
// their applied migrations in it, and a runner that cannot find them would re-apply every one.
const MIGRATIONS_TABLE = 'quell_schema_migrations';

/**
 * Applies each set's numbered migrations in order, each once, recording them as `<set>/<name>` in
 * `<database>.quell_schema_migrations`. A migration that changed after it was applied is refused:
 * the fix is a new migration, never an edit of an old one.
 *
 * Two replicas starting at once may both apply a migration; that is safe because every statement is
 * idempotent (`IF NOT EXISTS`), and a migration recorded twice is still read as applied. The same
 * holds for one that failed half-way: its statements run again, from the first, on the next start.
 */
export class MigrationRunner {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: MigrationOptions,
  ) {
    this.database = assertIdentifier(options.database ?? DEFAULT_DATABASE, 'database');
    assertDistinctSets(options.sets);
  }

  /** Returns the migrations applied by this call as `<set>/<name>` (empty when all were applied before). */
  async run(): Promise<string[]> {
    const plan = this.options.sets.map((set) => ({ set, migrations: orderedMigrations(set) }));
    await this.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${this.database}` });
    await this.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${this.database}.${MIGRATIONS_TABLE}
        (version UInt32, name String, checksum String, applied_at DateTime64(3))
        ENGINE = MergeTree ORDER BY version`,
    });
    const applied = new Map((await this.applied()).map((a) => [a.name, a]));
    const done: string[] = [];
    for (const { set, migrations } of plan) {
      for (const migration of migrations) {
        const name = `${set.id}/${migration.name}`;
        const checksum = createHash('sha256').update(migration.sql).digest('hex');
        const previous = applied.get(name) ?? (set.recordedWithoutSet ? applied.get(migration.name) : undefined);
        if (previous) {
          if (previous.checksum !== checksum) {
            throw new MigrationError(`migration ${name} changed after it was applied (checksum differs); add a new migration instead`, {
              retriable: false,
            });
          }
          continue;
        }
        await this.apply(name, migration);
        await this.client.insert({
          table: `${this.database}.${MIGRATIONS_TABLE}`,
          values: [{ version: migration.version, name, checksum, applied_at: toDateTime64(Date.now()) }],
          format: 'JSONEachRow',
        });
        done.push(name);
      }
    }
    return done;
  }

  private async apply(name: string, migration: Migration): Promise<void> {
    const statements = splitStatements(migration.sql.replaceAll('{database}', this.database));
    for (const [index, statement] of statements.entries()) {
      try {
        await this.client.command({ query: statement });
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        const retriable = !(typeof cause === 'object' && cause !== null && 'retriable' in cause && cause.retriable === false);
        throw new MigrationError(`migration ${name} failed at statement ${index + 1} of ${statements.length}: ${reason}`, {
          retriable,
          cause,
        });
      }
    }
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
