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

/** Each entry's JSON: an entry never changes once added, and a busy entity is written again with every batch. */
const entryJson = new WeakMap<TacticEntry, string>();

/**
 * `JSON.stringify(writeEntity(state))`, byte for byte, from each entry's cached JSON. A busy entity
 * holds up to maxEntriesPerEntity entries (~200 KB of JSON) and was stringified whole for every
 * batch that touched it: at 10% alerts, 91 MB in 2,880 writes of one bench run. Spliced: 170–184 µs
 * a write at 1,000 entries beside 427–433 stringified, 8–18 beside 32–39 at 100
 * (tools/bench/killchain-entity-write.ts).
 */
export function writeEntityJson(state: EntityState): string {
  const head = JSON.stringify(entityFields(state));
  const entries = state.entries.map((entry) => {
    let json = entryJson.get(entry);
    if (json === undefined) entryJson.set(entry, (json = JSON.stringify(writeEntry(entry))));
    return json;
  });
  const episode = state.episode ? `,"episode":${JSON.stringify(state.episode)}` : '';
  return `${head.slice(0, -1)},"entries":[${entries.join(',')}]${episode}}`;
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
      .map(([t, tactic, alertId, ruleId, ruleTitle, critical, evidenceId]) => ({ t, tactic, alertId, ruleId, ruleTitle, critical, ...(evidenceId === undefined ? {} : { evidenceId }) }))
      .sort((a, b) => a.t - b.t);
    // Older snapshots kept one partition-wide watermark: the entity's own newest alert stands in for it.
    const maxTime = entity.maxTime ?? Math.max(-Infinity, ...entries.map((e) => e.t), entity.episode?.lastSeen ?? -Infinity);
    const state: EntityState = { tenant: entity.tenant, type: entity.type, value: entity.value, touchedAt: entity.touchedAt, entries, maxTime };
    if (entity.episode && sameCondition) state.episode = structuredClone(entity.episode);
    else if (entity.episode) droppedEpisodes++;
    entities.set(entityKeyOf(entity), state);
  }
  return { maxTime: snapshot.maxTime ?? -Infinity, entities, droppedEpisodes };
}
