import { MigrationError } from './migration-error';

/** One numbered migration: statements separated by a `;` at a line's end, `{database}` for the database. */
export interface Migration {
  version: number;
  /** Recorded with the set's id (`<set>/<name>`), e.g. `0001_events.sql`. */
  name: string;
  sql: string;
}

/**
 * The migrations of the lib that owns some tables, kept beside its code. The runner applies sets in
 * the order it is given them (see QUELL_MIGRATION_SETS in the service kit), each set's migrations
 * in version order.
 */
export interface MigrationSet {
  /** WARNING: recorded with every applied migration; renaming a set re-applies all of it. */
  id: string;
  migrations: readonly Migration[];
  /**
   * The set's migrations were once recorded under their bare names, before there were sets (the
   * event history's, from the single platform folder): a bare record counts as this set's.
   */
  recordedWithoutSet?: boolean;
}

/** The set's migrations in version order; two with one version would make "applied once" ambiguous. */
export function orderedMigrations(set: MigrationSet): Migration[] {
  const migrations = [...set.migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i += 1) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new MigrationError(`migrations ${migrations[i - 1].name} and ${migrations[i].name} of ${set.id} share version ${migrations[i].version}`, {
        retriable: false,
      });
    }
  }
  return migrations;
}

/** Refuses two sets with one id: their records could not be told apart. */
export function assertDistinctSets(sets: readonly MigrationSet[]): void {
  const ids = sets.map((set) => set.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new MigrationError(`two migration sets share the id ${repeated}`, { retriable: false });
  const bare = sets.filter((set) => set.recordedWithoutSet);
  if (bare.length > 1) throw new MigrationError(`only one migration set can own bare records (${bare.map((s) => s.id).join(', ')})`, { retriable: false });
}
