import { CorrelationSet } from './correlation-set';
import { Episode } from './episode';
import { GroupWindow } from './group-window';

export interface GroupState {
  window: GroupWindow;
  episode?: Episode;
  /** Wall-clock time of the last match, for idle eviction. */
  touchedAt: number;
}

/** [event time, value (null when none), match id, rule index, level rank] */
export type EntrySnapshot = [number, string | number | null, string, number, number];

export interface GroupSnapshot {
  correlationId: string;
  groupKey: string;
  touchedAt: number;
  entries: EntrySnapshot[];
  episode?: Episode;
}

/**
 * The engine's state as plain JSON. `definitions` fingerprints each correlation so a restore
 * after the rule changed drops that correlation's state instead of misreading it.
 * Warning: bump `version` when this shape changes; stored snapshots of another version are refused.
 */
export interface EngineSnapshot {
  version: 1;
  maxTime: number | null;
  definitions: Record<string, string>;
  groups: GroupSnapshot[];
}

function fingerprint(set: CorrelationSet, id: string): string {
  return JSON.stringify(set.get(id));
}

/** The engine-wide part of a snapshot (no groups): what a per-group store keeps next to the groups. */
export type EngineHeader = Omit<EngineSnapshot, 'groups'>;

export function writeGroup(correlationId: string, groupKey: string, state: GroupState): GroupSnapshot {
  const entries = state.window.toArray().map((e): EntrySnapshot => [e.t, e.v ?? null, e.id, e.r, e.l]);
  return { correlationId, groupKey, touchedAt: state.touchedAt, entries, ...(state.episode ? { episode: structuredClone(state.episode) } : {}) };
}

export function writeHeader(set: CorrelationSet, maxTime: number): EngineHeader {
  const definitions = Object.fromEntries(set.definitions.map((def) => [def.id, fingerprint(set, def.id)]));
  return { version: 1, maxTime: Number.isFinite(maxTime) ? maxTime : null, definitions };
}

export function writeSnapshot(set: CorrelationSet, groups: Map<string, Map<string, GroupState>>, maxTime: number): EngineSnapshot {
  const out: GroupSnapshot[] = [];
  for (const [correlationId, byKey] of groups) {
    for (const [groupKey, state] of byKey) out.push(writeGroup(correlationId, groupKey, state));
  }
  return { ...writeHeader(set, maxTime), groups: out };
}

export function readSnapshot(set: CorrelationSet, snapshot: EngineSnapshot): { maxTime: number; groups: Map<string, Map<string, GroupState>>; dropped: number } {
  if (snapshot.version !== 1) throw new Error(`correlation snapshot version ${String(snapshot.version)} is not supported`);
  const groups = new Map<string, Map<string, GroupState>>();
  let dropped = 0;
  for (const group of snapshot.groups) {
    if (!set.get(group.correlationId) || snapshot.definitions[group.correlationId] !== fingerprint(set, group.correlationId)) {
      dropped++;
      continue;
    }
    const byKey = groups.get(group.correlationId) ?? new Map<string, GroupState>();
    groups.set(group.correlationId, byKey);
    const window = GroupWindow.from(group.entries.map(([t, v, id, r, l]) => ({ t, v: v ?? undefined, id, r, l })));
    byKey.set(group.groupKey, { window, touchedAt: group.touchedAt, ...(group.episode ? { episode: structuredClone(group.episode) } : {}) });
  }
  return { maxTime: snapshot.maxTime ?? -Infinity, groups, dropped };
}
