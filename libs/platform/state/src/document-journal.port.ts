/** One document as the in-memory store holds it, for a journal to keep between runs. */
export interface JournalEntry {
  tenant: string;
  key: string;
  json: string;
  version: number;
  /** Epoch ms by the store's clock (wall time, so it means the same after a restart). */
  expiresAt: number;
  /** `[index, term]` pairs the document is listed under: the indexes are rebuilt from them. */
  terms: [string, string][];
}

/**
 * Where an InMemoryDocumentStore keeps a copy of its documents so that a restarted process finds
 * them again (the all-in-one, whose data directory holds what Redis holds in distributed mode).
 * The store calls it synchronously inside each change, so the copy follows the changes' order, and
 * awaits `committed()` before the change's promise settles.
 */
export interface DocumentJournal {
  /** The documents still live at `now`, read once when the store is created. */
  load(now: number): JournalEntry[];
  saved(entry: JournalEntry): void;
  removed(tenant: string, key: string): void;
  /** Drops every document expired at `now` (the store's sweep). */
  expired(now: number): void;
  /** Settles once the changes made so far are on disk: the changes of one turn are committed together, as one unit. */
  committed(): Promise<void>;
}
