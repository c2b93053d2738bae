import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const SQLITE_BUSY = 5;

/** Another process holds the state file: two processes each with their own copy in memory would overwrite each other. */
export class StateFileLockedError extends Error {
  constructor(readonly path: string) {
    super(`state file ${path} is held by another process (one process per data directory)`);
    this.name = 'StateFileLockedError';
  }
}

/**
 * Whether another process holds the state file at `path` (a running all-in-one keeps it locked
 * exclusively while up). Asked read-only, so it creates and changes nothing; callers ask it before
 * opening the embedded ClickHouse engine beside it, which tells a held directory on standard error
 * itself (`Code: 76. DB::Exception: Cannot lock file …`) before the caller can say it in one line.
 */
export function stateFileHeld(path: string): boolean {
  if (!existsSync(path)) return false;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    return (error as { errcode?: number }).errcode === SQLITE_BUSY;
  } finally {
    db?.close();
  }
}

/**
 * One SQLite file (Node's built-in node:sqlite) holding a process's state between runs, held
 * exclusively by this process while open. Each journal keeping state in it declares its tables with
 * a layout version. WAL with synchronous=NORMAL: a commit survives the process being killed; it is
 * on the disk itself (fsync) once checkpointed, within `checkpointAfterMs` (a second), so a power
 * loss loses at most about the last second, as Redis's `appendfsync everysec` does (its default
 * with the append-only file).
 *
 * Checkpoints by time, not by SQLite's default of every 1,000 WAL pages: a checkpoint copies the
 * pages changed since the last one and syncs twice, on the main thread, and under an alert storm the
 * default ran one every fraction of a second. By time, a page rewritten many times in a second
 * (an incident, a delivery) is copied once; the page bound stays, raised to 10,000, for a WAL that a
 * long busy turn would grow.
 *
 * Group commit: the writes of one event-loop turn share one transaction, committed when the turn
 * ends (setImmediate), and a writer waits for `committed()` before it reports its change done. A
 * commit costs more than the write it carries (about 75 µs against 15–35 µs in the all-in-one), and
 * one turn holds many writes: a claim of many timers, deliveries settling side by side, a batch's
 * incidents. A change is visible in memory from its write, one turn before it is on disk.
 */
export class StateFile {
  readonly db: DatabaseSync;
  /** The open group transaction: settles once its COMMIT has run. */
  private group: { done: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** The checkpoint due after the first commit since the last one (none while nothing is written). */
  private checkpointTimer: NodeJS.Timeout | undefined;
  private rollbacks = 0;

  constructor(
    readonly path: string,
    private readonly checkpointAfterMs = 1_000,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    try {
      // Exclusive before WAL: the lock is taken by the first write below and kept until close.
      this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000;');
      this.db.exec('CREATE TABLE IF NOT EXISTS layouts (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID');
    } catch (error) {
      this.db.close();
      if ((error as { errcode?: number }).errcode === SQLITE_BUSY) throw new StateFileLockedError(path);
      throw error;
    }
  }

  /**
   * Creates the tables of `name` (idempotent DDL) and records their layout version; a file whose
   * `name` tables have a later layout is refused rather than misread, and one with an earlier layout
   * is brought up to date by `upgrades` (`upgrades[n]`: the SQL from layout n to n + 1), in one
   * transaction, so a failed upgrade leaves the file as it was.
   * WARNING: durable state; a change of a layout needs a new version and an upgrade.
   */
  layout(name: string, version: number, ddl: string, upgrades: Readonly<Record<number, string>> = {}): void {
    const found = this.db.prepare('SELECT version FROM layouts WHERE name = ?').get(name) as { version: number } | undefined;
    if (found && found.version > version) throw new Error(`state file ${this.path} holds ${name} in layout ${found.version}, newer than this Quell reads (${version})`);
    const steps = found && found.version < version ? upgradeSteps(name, found.version, version, upgrades) : [ddl];
    // A transaction of its own, at start-up, outside any group.
    this.commitGroup();
    this.db.exec('BEGIN');
    try {
      for (const step of steps) this.db.exec(step);
      this.db.prepare('INSERT OR REPLACE INTO layouts (name, version) VALUES (?, ?)').run(name, version);
      this.db.exec('COMMIT');
    } catch (error) {
      // Some failures (a full disk) have rolled the transaction back already.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Runs `work` inside this turn's group transaction, opening it if none is. What work wrote is kept
   * even when it threw: it changed memory before that too. Await `committed()` before reporting it done.
   */
  write<T>(work: () => T): T {
    if (!this.db.isTransaction) this.openGroup();
    return work();
  }

  /** Group transactions whose commit failed, their writes undone: what a journal keeps beside the file (a count) is stale once this moves. */
  get rolledBackGroups(): number {
    return this.rollbacks;
  }

  /** Settles once everything written so far is committed (at once when nothing waits); rejects when that commit failed. */
  committed(): Promise<void> {
    return this.group?.done ?? Promise.resolve();
  }

  /** Commits what is pending, then closes (SQLite checkpoints the WAL as the last connection closes). */
  close(): void {
    this.commitGroup();
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (this.db.isOpen) this.db.close();
  }

  private openGroup(): void {
    this.db.exec('BEGIN');
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may wait on a group (an expiry sweep's deletes): its failure then concerns no caller.
    done.catch(() => undefined);
    this.group = { done, resolve, reject };
    setImmediate(() => this.commitGroup());
  }

  private commitGroup(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    try {
      this.db.exec('COMMIT');
      group.resolve();
      this.checkpointTimer ??= setTimeout(() => this.checkpoint(), this.checkpointAfterMs).unref();
    } catch (error) {
      // Its writers fail, so their callers retry them; memory keeps the changes until a later write of the same keys.
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      this.rollbacks += 1;
      group.reject(error);
    }
  }

  private checkpoint(): void {
    if (!this.db.isOpen) return;
    // A group opened in this turn goes first (a checkpoint inside a write transaction copies nothing), while the timer is still set so it schedules no other.
    this.commitGroup();
    this.checkpointTimer = undefined;
    try {
      this.db.exec('PRAGMA wal_checkpoint(PASSIVE)');
    } catch {
      // Nothing is lost: the commits are in the WAL, the next commit schedules another checkpoint, and
      // a disk that fails shows in the commits' own errors, which their writers see.
    }
  }
}

function upgradeSteps(name: string, from: number, to: number, upgrades: Readonly<Record<number, string>>): string[] {
  const steps: string[] = [];
  for (let version = from; version < to; version += 1) {
    const step = upgrades[version];
    if (step === undefined) throw new Error(`no upgrade of the ${name} tables from layout ${version} to ${version + 1}`);
    steps.push(step);
  }
  return steps;
}
