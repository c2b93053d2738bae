import { chunkKeyOf, ENTRIES_PER_CHUNK, newChunkBook, type ChunkBook } from './entity-chunks';
import { EntityState, Episode, TacticEntry } from './entity-state';

/** [event time, tactic, alert id, rule id, rule title, critical, evidence event id (absent in older snapshots)] */
export type EntrySnapshot = [number, string, string, string, string, boolean] | [number, string, string, string, string, boolean, string];

export interface EntitySnapshot {
  tenant: string;
  type: 'host' | 'user';
  value: string;
  touchedAt: number;
  /** The entity's newest alert time; absent in snapshots written before lateness was judged per entity. */
  maxTime?: number;
  entries: EntrySnapshot[];
  episode?: Episode;
  /** Read from chunked keys (readStoredEntities): the stored chunk numbers, and each entry's chunk. */
  stored?: { chunks: number[]; entryChunks: number[] };
}

/** An entity's head as stored under its key since entries are stored in chunks (entity-chunks.ts). */
interface StoredHead extends Omit<EntitySnapshot, 'entries' | 'stored'> {
  chunks: number[];
}

/**
 * The tracker's state as plain JSON.
 * Warning: bump `version` when this shape changes; stored snapshots of another version are refused.
 */
export interface KillChainSnapshot {
  version: 1;
  threshold: number;
  windowMs: number;
  maxTime: number | null;
  entities: EntitySnapshot[];
}

/** The tracker-wide part of a snapshot, for a store that keeps one entry per entity beside it. */
export type KillChainHeader = Omit<KillChainSnapshot, 'entities'>;

interface Condition {
  threshold: number;
  windowMs: number;
}

/** An entity's key in the tracker and in a per-entity store: tenant, type and value. */
export function entityKeyOf(entity: { tenant: string; type: string; value: string }): string {
  return `${entity.tenant}\u0000${entity.type}\u0000${entity.value}`;
}

export function writeHeader(maxTime: number, condition: Condition): KillChainHeader {
  return { version: 1, ...condition, maxTime: Number.isFinite(maxTime) ? maxTime : null };
}

export function writeEntity(state: EntityState): EntitySnapshot {
  return {
    ...entityFields(state),
    entries: state.entries.map(writeEntry),
    ...(state.episode ? { episode: structuredClone(state.episode) } : {}),
  };
}

function entityFields(state: EntityState): Omit<EntitySnapshot, 'entries' | 'episode'> {
  return { tenant: state.tenant, type: state.type, value: state.value, touchedAt: state.touchedAt, maxTime: state.maxTime };
}

function writeEntry(e: TacticEntry): EntrySnapshot {
  return e.evidenceId === undefined ? [e.t, e.tactic, e.alertId, e.ruleId, e.ruleTitle, e.critical] : [e.t, e.tactic, e.alertId, e.ruleId, e.ruleTitle, e.critical, e.evidenceId];
}

/** Each entry's JSON: an entry never changes once added, and the chunk that holds it is written again with later entries. */
const entryJson = new WeakMap<TacticEntry, string>();

/** `JSON.stringify` of the entry's snapshot, cached per entry. */
function entryJsonOf(entry: TacticEntry): string {
  let json = entryJson.get(entry);
  if (json === undefined) entryJson.set(entry, (json = JSON.stringify(writeEntry(entry))));
  return json;
}

/**
 * The keys to write and delete for one entity in a per-key store (entity-chunks.ts): its head
 * always, and its changed chunks (all of them when `all`), each as JSON; a chunk left without
 * entries is deleted. Records the chunks written as stored.
 */
export function writeStoredEntity(entityKey: string, state: EntityState, all: boolean): { set: [string, string][]; deleted: string[] } {
  const { book } = state;
  const lists = new Map<number, string[]>();
  for (const chunk of all ? book.stored : book.dirty) lists.set(chunk, []);
  for (const entry of state.entries) {
    const chunk = entry.chunk ?? 0;
    let list = lists.get(chunk);
    if (list === undefined && all) lists.set(chunk, (list = []));
    list?.push(entryJsonOf(entry));
  }
  const set: [string, string][] = [];
  const deleted: string[] = [];
  for (const [chunk, entries] of lists) {
    if (entries.length > 0) {
      set.push([chunkKeyOf(entityKey, chunk), `[${entries.join(',')}]`]);
      book.stored.add(chunk);
    } else if (book.stored.delete(chunk)) {
      deleted.push(chunkKeyOf(entityKey, chunk));
    }
  }
  book.dirty.clear();
  const head: StoredHead = { ...entityFields(state), chunks: [...book.stored].sort((a, b) => a - b) };
  const episode = state.episode ? `,"episode":${JSON.stringify(state.episode)}` : '';
  set.unshift([entityKey, `${JSON.stringify(head).slice(0, -1)}${episode}}`]);
  return { set, deleted };
}

/**
 * The entities of a per-key store, whole: chunked heads joined with their chunks (each entry
 * remembering its chunk), and entities stored whole before chunks (entries inline) as they are.
 */
export function readStoredEntities(keys: ReadonlyMap<string, unknown>): EntitySnapshot[] {
  const entities: EntitySnapshot[] = [];
  for (const [key, value] of keys) {
    if (Array.isArray(value)) continue;
    if (!('chunks' in (value as object))) {
      entities.push(value as EntitySnapshot);
      continue;
    }
    const { chunks, ...head } = value as StoredHead;
    const entries: EntrySnapshot[] = [];
    const entryChunks: number[] = [];
    for (const chunk of chunks) {
      const stored = keys.get(chunkKeyOf(key, chunk));
      if (!Array.isArray(stored)) throw new Error(`kill-chain entity ${JSON.stringify(key)} names chunk ${chunk}, which the store does not hold`);
      for (const entry of stored as EntrySnapshot[]) {
        entries.push(entry);
        entryChunks.push(chunk);
      }
    }
    entities.push({ ...head, entries, stored: { chunks, entryChunks } });
  }
  return entities;
}

export function writeSnapshot(entities: ReadonlyMap<string, EntityState>, maxTime: number, condition: Condition): KillChainSnapshot {
  return { ...writeHeader(maxTime, condition), entities: [...entities.values()].map(writeEntity) };
}

/**
 * A whole snapshot from a header and per-entity entries. The header may itself be a whole
 * snapshot (stored before entities had entries of their own): its entities are kept.
 */
export function joinSnapshot(header: KillChainHeader | KillChainSnapshot, entities: Iterable<EntitySnapshot>): KillChainSnapshot {
  const held = 'entities' in header ? header.entities : [];
  return { version: header.version, threshold: header.threshold, windowMs: header.windowMs, maxTime: header.maxTime, entities: [...held, ...entities] };
}

export function readSnapshot(snapshot: KillChainSnapshot, condition: Condition): { maxTime: number; entities: Map<string, EntityState>; droppedEpisodes: number } {
  if (snapshot.version !== 1) throw new Error(`kill-chain snapshot version ${String(snapshot.version)} is not supported`);
  const sameCondition = snapshot.threshold === condition.threshold && snapshot.windowMs === condition.windowMs;
  const entities = new Map<string, EntityState>();
  let droppedEpisodes = 0;
  for (const entity of snapshot.entities) {
    const entries = entity.entries
      .map(([t, tactic, alertId, ruleId, ruleTitle, critical, evidenceId], index): TacticEntry => ({ t, tactic, alertId, ruleId, ruleTitle, critical, ...(evidenceId === undefined ? {} : { evidenceId }), chunk: entity.stored?.entryChunks[index] }))
      .sort((a, b) => a.t - b.t);
    // Older snapshots kept one partition-wide watermark: the entity's own newest alert stands in for it.
    const maxTime = entity.maxTime ?? Math.max(-Infinity, ...entries.map((e) => e.t), entity.episode?.lastSeen ?? -Infinity);
    const book = entity.stored ? storedBook(entries, entity.stored.chunks) : rechunk(entries);
    const state: EntityState = { tenant: entity.tenant, type: entity.type, value: entity.value, touchedAt: entity.touchedAt, entries, maxTime, book };
    if (entity.episode && sameCondition) state.episode = structuredClone(entity.episode);
    else if (entity.episode) droppedEpisodes++;
    entities.set(entityKeyOf(entity), state);
  }
  return { maxTime: snapshot.maxTime ?? -Infinity, entities, droppedEpisodes };
}

/** The book of an entity read from chunks: new entries go on filling its last chunk. */
function storedBook(entries: readonly TacticEntry[], chunks: readonly number[]): ChunkBook {
  const book = newChunkBook();
  for (const chunk of chunks) book.stored.add(chunk);
  book.open = Math.max(0, ...chunks);
  book.openCount = entries.filter((e) => e.chunk === book.open).length;
  return book;
}

/** Chunks for an entity stored whole (or not stored): by position, every one to be written. */
function rechunk(entries: readonly TacticEntry[]): ChunkBook {
  const book = newChunkBook();
  entries.forEach((entry, index) => {
    entry.chunk = Math.floor(index / ENTRIES_PER_CHUNK);
    book.dirty.add(entry.chunk);
  });
  book.open = Math.max(0, Math.floor((entries.length - 1) / ENTRIES_PER_CHUNK));
  book.openCount = entries.length - book.open * ENTRIES_PER_CHUNK;
  return book;
}
