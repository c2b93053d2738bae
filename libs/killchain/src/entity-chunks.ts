import type { TacticEntry } from './entity-state';

/**
 * How a kill-chain entity is stored per key (written by writeStoredEntity, read by
 * readStoredEntities): a small head (its fields, episode and the numbers of its chunks) under the
 * entity key, and its entries in chunks by arrival under `chunkKeyOf(entityKey, n)`. A busy entity
 * holds up to 1,000 entries (~170–200 KB of JSON); a batch that touches it rewrites the head, the
 * open chunk (new entries) and the chunks that lost entries (pruning takes the oldest, so usually
 * the first), not the whole entity.
 */
export const ENTRIES_PER_CHUNK = 64;

/** An entity's chunks: where new entries go, which chunks the store holds, which to write next. */
export interface ChunkBook {
  open: number;
  /** Entries the open chunk holds; a new chunk opens when it reaches ENTRIES_PER_CHUNK. */
  openCount: number;
  /** Chunks the store holds, as of the last write. */
  stored: Set<number>;
  /** Chunks whose entries changed since the last write. */
  dirty: Set<number>;
}

export function newChunkBook(): ChunkBook {
  return { open: 0, openCount: 0, stored: new Set(), dirty: new Set() };
}

/** WARNING: durable; the key of an entity's chunk n. Changing it orphans every stored chunk. */
export function chunkKeyOf(entityKey: string, chunk: number): string {
  return `${entityKey}\u0000#${chunk}`;
}

/** Puts a new entry in the open chunk, opening the next one when it is full. */
export function assignChunk(book: ChunkBook, entry: TacticEntry): void {
  if (book.openCount >= ENTRIES_PER_CHUNK) {
    book.open++;
    book.openCount = 0;
  }
  entry.chunk = book.open;
  book.openCount++;
  book.dirty.add(book.open);
}

/** Marks the chunks of entries that left the entity (pruned) for rewriting. */
export function markRemoved(book: ChunkBook, removed: readonly TacticEntry[]): void {
  for (const entry of removed) book.dirty.add(entry.chunk ?? 0);
}

/** The chunk keys an entity's stored head names. */
export function storedChunkKeys(entityKey: string, book: ChunkBook): string[] {
  return [...book.stored].map((chunk) => chunkKeyOf(entityKey, chunk));
}
