import { distinctSteps, type DistinctBy } from './distinct-progression';
import { assignChunk, markRemoved, newChunkBook, storedChunkKeys } from './entity-chunks';
import { EntityState, Episode, insertEntry, lowerBound, TacticEntry } from './entity-state';
import { addToPath, episodeOver } from './episode-path';
import { KillChainCounters, KillChainInput, KillChainRefusal, KillChainResult, TrackedEntityType } from './killchain-types';
import { entityKeyOf, KillChainHeader, KillChainSnapshot, readSnapshot, writeHeader, writeSnapshot, writeStoredEntity } from './killchain-snapshot';
import { tacticOf } from './tactics';

export const DEFAULT_KILLCHAIN_WINDOW_MS = 24 * 3_600_000;

export interface KillChainOptions {
  /** Wall clock (epoch ms) for `emittedAt` and idle eviction; windows use event time only. */
  clock: () => number;
  /** Distinct tactics that make a progression (default 3). */
  threshold?: number;
  /** Sliding window, both edges included (default 24 h). */
  windowMs?: number;
  /** How far behind its entity's newest alert an alert may arrive and still count (default 60 s). */
  allowedLatenessMs?: number;
  /**
   * What must differ between the steps of a progression (default 'alert'): 'alert' credits each
   * tactic to a different alert; 'rule' to a different rule, so one rule firing repeatedly is one step.
   */
  distinctBy?: DistinctBy;
  /** Told of each (alert, entity) refused as too late, to log and count it. */
  onRefused?: (refusal: KillChainRefusal) => void;
  /** Distinct tactics at which the escalation becomes critical (default threshold + 2). */
  criticalAt?: number;
  /** Hard bound on one entity's entries; the oldest leave first (default 1,000). */
  maxEntriesPerEntity?: number;
  /** Alert ids kept per episode (default 10). */
  sampleSize?: number;
}

interface HeldWindow {
  anchor: number;
  start: number;
  time: number;
}

const TRACKED: readonly TrackedEntityType[] = ['host', 'user'];

/** Whether this (alert, tactic) is already held; a resent alert keeps its time, so only equal times are looked at. */
function holds(entries: readonly TacticEntry[], time: number, alertId: string, tactic: string): boolean {
  for (let i = lowerBound(entries, time); i < entries.length && entries[i].t === time; i++) {
    if (entries[i].alertId === alertId && entries[i].tactic === tactic) return true;
  }
  return false;
}

/**
 * Kill-chain progression per entity (host and user separately): the ATT&CK tactics of its alerts
 * in event time, and an escalation when `threshold` distinct tactics, each from a different alert
 * (or rule), fall within one sliding window. Episodes follow DESIGN.md: one result `opened` when
 * the condition first holds, `updated` while it keeps holding, and the episode ends once a whole
 * window passes without it holding. Event time is judged per entity: an alert is late only
 * against its own entity's newest alert, so a host whose alerts come in behind another host's
 * loses nothing (what is refused goes to `onRefused` and `counters().tooLate`).
 * Pure and synchronous: the caller feeds alerts of one partition in order and forwards results.
 */
export class KillChainTracker {
  private readonly entities = new Map<string, EntityState>();
  /** Newest event time of the partition: reported in the snapshot header only, never used to judge lateness. */
  private maxTime = -Infinity;
  private readonly counts: KillChainCounters = { inputs: 0, late: 0, tooLate: 0, duplicates: 0, unknownTactics: 0, droppedByCap: 0, evicted: 0 };
  readonly threshold: number;
  readonly windowMs: number;
  private readonly lateness: number;
  private readonly criticalAt: number;
  private readonly maxEntries: number;
  private readonly sampleSize: number;
  private readonly distinctBy: DistinctBy;
  /** Entities changed since the last takeStoredChanges() or restore. */
  private readonly dirty = new Set<string>();
  /** Stored keys (heads and chunks) of entities dropped since then. */
  private dropped: string[] = [];

  constructor(private readonly options: KillChainOptions) {
    this.threshold = options.threshold ?? 3;
    this.windowMs = options.windowMs ?? DEFAULT_KILLCHAIN_WINDOW_MS;
    this.lateness = options.allowedLatenessMs ?? 60_000;
    this.criticalAt = options.criticalAt ?? this.threshold + 2;
    this.maxEntries = options.maxEntriesPerEntity ?? 1_000;
    this.sampleSize = options.sampleSize ?? 10;
    this.distinctBy = options.distinctBy ?? 'alert';
    if (!(this.threshold >= 1) || !(this.windowMs >= 0)) throw new RangeError('kill-chain threshold must be >= 1 and window >= 0');
  }

  /** Feeds one alert; returns one result per tracked entity whose condition holds after it. */
  process(input: KillChainInput): KillChainResult[] {
    if (!Number.isFinite(input.time)) throw new RangeError(`alert ${input.alertId} has no valid event time`);
    this.counts.inputs++;
    const tactics = new Set<string>();
    for (const name of input.tactics) {
      const tactic = tacticOf(name);
      if (tactic) tactics.add(tactic);
      else this.counts.unknownTactics++;
    }
    if (tactics.size === 0) return [];
    this.maxTime = Math.max(this.maxTime, input.time);
    const results: KillChainResult[] = [];
    const seen = new Set<string>();
    for (const entity of input.entities) {
      const type = entity.type as TrackedEntityType;
      if (!TRACKED.includes(type) || !entity.value) continue;
      const key = entityKeyOf({ tenant: input.tenant, type, value: entity.value });
      if (seen.has(key)) continue;
      seen.add(key);
      const result = this.apply(key, type, entity.value, input, [...tactics]);
      if (result) results.push(result);
    }
    return results;
  }

  private apply(key: string, type: TrackedEntityType, value: string, input: KillChainInput, tactics: string[]): KillChainResult | undefined {
    let state = this.entities.get(key);
    if (state && input.time < this.watermarkOf(state)) {
      this.counts.tooLate++;
      this.options.onRefused?.({
        tenant: input.tenant,
        entity: { type, value },
        alertId: input.alertId,
        ruleId: input.ruleId,
        time: input.time,
        entityLatest: state.maxTime,
        allowedLatenessMs: this.lateness,
      });
      return undefined;
    }
    if (!state) {
      state = { tenant: input.tenant, type, value, entries: [], touchedAt: 0, maxTime: input.time, book: newChunkBook() };
      this.entities.set(key, state);
    }
    const late = input.time < state.maxTime;
    if (late) this.counts.late++;
    else state.maxTime = input.time;
    state.touchedAt = this.options.clock();
    this.dirty.add(key);
    this.prune(state, this.maxEntries - tactics.length);
    const added: TacticEntry[] = [];
    let firstIndex = Infinity;
    for (const tactic of tactics) {
      if (holds(state.entries, input.time, input.alertId, tactic)) {
        this.counts.duplicates++;
        continue;
      }
      const entry: TacticEntry = { t: input.time, tactic, alertId: input.alertId, ruleId: input.ruleId, ruleTitle: input.ruleTitle, critical: input.level === 'critical' };
      if (input.evidenceId !== undefined) entry.evidenceId = input.evidenceId;
      assignChunk(state.book, entry);
      firstIndex = Math.min(firstIndex, insertEntry(state.entries, entry));
      added.push(entry);
    }
    if (added.length === 0) return undefined;
    const held = this.holdingWindows(state.entries, firstIndex);
    if (!held) return undefined;
    const [first, last] = held;
    let kind: KillChainResult['kind'] = 'updated';
    const episode = state.episode;
    if (episode && first.time <= episode.lastHeldAt + this.windowMs) {
      episode.lastHeldAt = Math.max(episode.lastHeldAt, last.time);
      episode.lastSeen = Math.max(episode.lastSeen, input.time);
      episode.alertCount++;
      if (episode.sample.length < this.sampleSize && !episode.sample.includes(input.alertId)) episode.sample.push(input.alertId);
      for (const entry of added) addToPath(episode.path, entry);
      episode.critical ||= added.some((e) => e.critical);
    } else {
      state.episode = this.openEpisode(state.entries, first, last);
      kind = 'opened';
    }
    return this.result(kind, state, state.episode as Episode, input.alertId, late);
  }

  /**
   * The first and last windows, among those the new entries belong to, where the condition holds.
   * A window ends at an entry and reaches back one window length, both edges included.
   */
  private holdingWindows(entries: readonly TacticEntry[], index: number): [HeldWindow, HeldWindow] | undefined {
    const until = entries[index].t + this.windowMs;
    let end = index;
    while (end + 1 < entries.length && entries[end + 1].t <= until) end++;
    // The first holding window from below; the tactics of the window slide along with the anchor
    // (entries are in time order), so a window with fewer distinct tactics than the threshold
    // costs no matching. Without this, each alert of a busy entity rescanned every window: O(n²).
    const tactics = new TacticCounts();
    let start = lowerBound(entries, entries[index].t - this.windowMs);
    for (let i = start; i < index; i++) tactics.add(entries[i].tactic);
    let first: HeldWindow | undefined;
    for (let anchor = index; anchor <= end && !first; anchor++) {
      const time = entries[anchor].t;
      tactics.add(entries[anchor].tactic);
      for (const newStart = lowerBound(entries, time - this.windowMs); start < newStart; start++) tactics.remove(entries[start].tactic);
      if (tactics.distinct >= this.threshold && this.holds(entries, start, anchor)) first = { anchor, start, time };
    }
    if (!first) return undefined;
    // The last one from above: while a progression holds, both searches stop at once.
    for (let anchor = end; anchor > first.anchor; anchor--) {
      const time = entries[anchor].t;
      const from = lowerBound(entries, time - this.windowMs);
      if (this.holds(entries, from, anchor)) return [first, { anchor, start: from, time }];
    }
    return [first, first];
  }

  private holds(entries: readonly TacticEntry[], from: number, to: number): boolean {
    return distinctSteps(entries, from, to, this.threshold, this.distinctBy) >= this.threshold;
  }

  private openEpisode(entries: readonly TacticEntry[], first: HeldWindow, last: HeldWindow): Episode {
    const episode: Episode = { openedAt: first.time, lastHeldAt: last.time, lastSeen: first.time, alertCount: 0, path: [], sample: [], critical: false };
    const alerts = new Set<string>();
    for (let i = first.start; i <= last.anchor; i++) {
      const entry = entries[i];
      addToPath(episode.path, entry);
      episode.lastSeen = Math.max(episode.lastSeen, entry.t);
      episode.critical ||= entry.critical;
      if (!alerts.has(entry.alertId)) {
        alerts.add(entry.alertId);
        if (episode.sample.length < this.sampleSize) episode.sample.push(entry.alertId);
      }
    }
    episode.alertCount = alerts.size;
    return episode;
  }

  private result(kind: KillChainResult['kind'], state: EntityState, episode: Episode, triggeringAlertId: string, late: boolean): KillChainResult {
    return {
      kind,
      tenant: state.tenant,
      entity: { type: state.type, value: state.value },
      episodeId: `killchain|${state.tenant}|${state.type}|${state.value}|${episode.openedAt}`,
      path: episode.path.map((step) => ({ ...step })),
      level: episode.critical || episode.path.length >= this.criticalAt ? 'critical' : 'high',
      openedAt: episode.openedAt,
      lastSeen: episode.lastSeen,
      alertCount: episode.alertCount,
      sampleAlertIds: [...episode.sample],
      triggeringAlertId,
      late,
      threshold: this.threshold,
      windowMs: this.windowMs,
      emittedAt: this.options.clock(),
    };
  }

  /** Entries older than a window before the entity's watermark can fall in no future window. Returns whether any left. */
  private prune(state: EntityState, maxSize: number): boolean {
    const dead = lowerBound(state.entries, this.watermarkOf(state) - this.windowMs);
    const over = Math.max(0, state.entries.length - dead - Math.max(0, maxSize));
    this.counts.droppedByCap += over;
    if (dead + over === 0) return false;
    markRemoved(state.book, state.entries.splice(0, dead + over));
    return true;
  }

  /** The oldest event time the entity still accepts. */
  private watermarkOf(state: EntityState): number {
    return state.maxTime - this.lateness;
  }

  /**
   * Drops entities no future alert can affect (no entries left, episode over), which changes no
   * result, and entities untouched by the wall clock for `idleMs` (default: a window and the
   * allowed lateness), which bounds memory: since each entity keeps its own event time, another
   * entity's progress never ages it out. Returns how many were dropped.
   */
  evictIdle(options: { idleMs?: number } = {}): number {
    const idleMs = options.idleMs ?? this.windowMs + this.lateness;
    const now = this.options.clock();
    let evicted = 0;
    for (const [key, state] of this.entities) {
      if (this.prune(state, this.maxEntries)) this.dirty.add(key);
      const dead = state.entries.length === 0 && (!state.episode || episodeOver(state.episode, this.watermarkOf(state), this.windowMs));
      const idle = now - state.touchedAt > idleMs;
      if (dead || idle) {
        this.entities.delete(key);
        this.dirty.delete(key);
        this.dropped.push(key, ...storedChunkKeys(key, state.book));
        evicted++;
      }
    }
    this.counts.evicted += evicted;
    return evicted;
  }

  get activeEntities(): number {
    return this.entities.size;
  }

  counters(): KillChainCounters {
    return { ...this.counts };
  }

  /** A JSON-safe copy of all entity state, to rebuild the tracker after a restart. */
  snapshot(): KillChainSnapshot {
    return writeSnapshot(this.entities, this.maxTime, { threshold: this.threshold, windowMs: this.windowMs });
  }

  /** The tracker-wide part of snapshot() (watermark, condition), without entities. */
  snapshotHeader(): KillChainHeader {
    return writeHeader(this.maxTime, { threshold: this.threshold, windowMs: this.windowMs });
  }

  /**
   * Every entity as a per-key store holds it (entity-chunks.ts): each entity's head under its key
   * and its entries in chunks, as JSON, for a store written whole. Resets the changes.
   */
  storedEntities(): Map<string, string> {
    const keys = new Map<string, string>();
    for (const [key, state] of this.entities) {
      for (const [field, json] of writeStoredEntity(key, state, true).set) keys.set(field, json);
    }
    this.dirty.clear();
    this.dropped = [];
    return keys;
  }

  /**
   * The stored keys to write (as JSON) and delete since the last call or restore: the head and
   * changed chunks of each entity an alert or pruning changed, every key of the entities dropped.
   * readStoredEntities over the keys so written, with the header, gives snapshot() back.
   */
  takeStoredChanges(): { changed: Map<string, string>; deleted: string[] } {
    const changed = new Map<string, string>();
    const deleted: string[] = [];
    for (const key of this.dirty) {
      const state = this.entities.get(key);
      if (!state) continue;
      const written = writeStoredEntity(key, state, false);
      for (const [field, json] of written.set) changed.set(field, json);
      deleted.push(...written.deleted);
    }
    // An entity dropped and seen again since: its new keys are written, not deleted.
    deleted.push(...this.dropped.filter((field) => !changed.has(field)));
    this.dirty.clear();
    this.dropped = [];
    return { changed, deleted };
  }

  /**
   * Replaces the state with a snapshot's. When the threshold or window changed since, the
   * entries are kept (they are facts) but open episodes are dropped (they meant another condition).
   */
  restore(snapshot: KillChainSnapshot): { restored: number; droppedEpisodes: number } {
    const { maxTime, entities, droppedEpisodes } = readSnapshot(snapshot, { threshold: this.threshold, windowMs: this.windowMs });
    this.entities.clear();
    this.dirty.clear();
    this.dropped = [];
    for (const [key, state] of entities) this.entities.set(key, state);
    this.maxTime = maxTime;
    return { restored: this.entities.size, droppedEpisodes };
  }
}

/** How many entries of each tactic a window holds, and how many tactics it has. */
class TacticCounts {
  private readonly counts = new Map<string, number>();

  get distinct(): number {
    return this.counts.size;
  }

  add(tactic: string): void {
    this.counts.set(tactic, (this.counts.get(tactic) ?? 0) + 1);
  }

  remove(tactic: string): void {
    const left = (this.counts.get(tactic) ?? 0) - 1;
    if (left > 0) this.counts.set(tactic, left);
    else this.counts.delete(tactic);
  }
}
