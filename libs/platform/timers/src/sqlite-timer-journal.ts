import type { StatementSync } from 'node:sqlite';
import type { StateFile } from '@quell/platform-state';
import type { JournaledTimer, TimerJournal } from './timer-journal.port';

/** Layout 2: a rowid table, as the documents' (see SqliteDocumentStore): a timer's JSON is 2-3 KB in the all-in-one bench. */
const TIMERS_TABLE = `
  CREATE TABLE IF NOT EXISTS timers (
    prefix TEXT NOT NULL, key TEXT NOT NULL, timer TEXT NOT NULL, claimable_at INTEGER NOT NULL, PRIMARY KEY (prefix, key)
  );`;

const FROM_LAYOUT_1 = `
  ALTER TABLE timers RENAME TO timers_layout_1;
  ${TIMERS_TABLE}
  INSERT INTO timers (prefix, key, timer, claimable_at) SELECT prefix, key, timer, claimable_at FROM timers_layout_1;
  DROP TABLE timers_layout_1;`;

/** A TimerJournal in a table of the process's state file, one prefix (service) apart from another; its changes commit with the turn's others (see StateFile). */
export class SqliteTimerJournal implements TimerJournal {
  private readonly upsert: StatementSync;
  private readonly remove: StatementSync;
  private readonly selectAll: StatementSync;

  constructor(
    private readonly file: StateFile,
    private readonly prefix: string,
  ) {
    file.layout('timers', 2, TIMERS_TABLE, { 1: FROM_LAYOUT_1 });
    this.upsert = file.db.prepare('INSERT OR REPLACE INTO timers (prefix, key, timer, claimable_at) VALUES (?, ?, ?, ?)');
    this.remove = file.db.prepare('DELETE FROM timers WHERE prefix = ? AND key = ?');
    this.selectAll = file.db.prepare('SELECT timer, claimable_at FROM timers WHERE prefix = ?');
  }

  load(): JournaledTimer[] {
    const rows = this.selectAll.all(this.prefix) as unknown as { timer: string; claimable_at: number }[];
    return rows.map((row) => ({ timer: JSON.parse(row.timer) as JournaledTimer['timer'], claimableAt: row.claimable_at }));
  }

  saved(entry: JournaledTimer): void {
    this.file.write(() => this.upsert.run(this.prefix, entry.timer.key, JSON.stringify(entry.timer), entry.claimableAt));
  }

  removed(key: string): void {
    this.file.write(() => this.remove.run(this.prefix, key));
  }

  committed(): Promise<void> {
    return this.file.committed();
  }
}
