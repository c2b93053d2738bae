import type { StoredTimer } from './timer-store.port';

/** A timer as the in-memory store holds it: due time while pending, lease deadline while handed out. */
export interface JournaledTimer {
  timer: StoredTimer;
  claimableAt: number;
}

/**
 * Where an InMemoryTimerStore keeps a copy of its timers so that a restarted process fires them
 * still (the all-in-one, whose data directory holds what Redis holds in distributed mode). Called
 * synchronously inside each change, so the copy follows the changes' order, and awaited
 * (`committed()`) before the change's promise settles.
 */
export interface TimerJournal {
  /** The timers held when the store is created (pending or leased: a lease left by the last run runs out and refires). */
  load(): JournaledTimer[];
  saved(entry: JournaledTimer): void;
  removed(key: string): void;
  /** Settles once the changes made so far are on disk (they may be committed together, later in the turn). */
  committed(): Promise<void>;
}

/** The journal of one service's timers (by its timer prefix), when the process keeps them in a file. */
export type TimerJournals = (prefix: string) => TimerJournal;

/** Provider token of the process's TimerJournals (null: timers in Redis, or in memory only). */
export const TIMER_JOURNALS = Symbol('TIMER_JOURNALS');
