import { conditionHolds, describeComparisons } from './correlation-condition';
import { CorrelationDefinition, levelRank } from './correlation-definition';
import { CorrelationResult } from './correlation-result';
import { CorrelationSet, CorrelationTarget } from './correlation-set';
import { EngineCounters, emptyCorrelationCounters } from './engine-counters';
import { EngineHeader, EngineSnapshot, GroupSnapshot, GroupState, readSnapshot, writeGroup, writeHeader, writeSnapshot } from './engine-snapshot';
import { Episode, HeldWindow, continueEpisode, continuesEpisode, episodeLevel, episodeOver, openEpisode } from './episode';
import { GroupWindow } from './group-window';
import { extractMatch, groupValues } from './match-fields';
import { RuleMatch } from './rule-match';
import { aggregateWindow } from './window-aggregate';

export interface CorrelationEngineOptions {
  /** Wall clock (epoch ms) for `emittedAt` and idle eviction; window logic uses event time only. */
  clock: () => number;
  /** How far behind the newest event time a match may arrive and still count (default 60 s). */
  allowedLatenessMs?: number;
  /** Match ids kept per episode (default 10). */
  sampleSize?: number;
  /** Hard bound on one group's window; the oldest matches leave first (default 10,000). */
  maxEntriesPerGroup?: number;
}

/**
 * Sliding-window Sigma correlation over a stream of rule matches, keyed by (correlation, group).
 * Pure and synchronous: the caller feeds matches of one partition in order and forwards results.
 */
export class CorrelationEngine {
  private readonly groups = new Map<string, Map<string, GroupState>>();
  /** Newest event time seen; with the lateness it is the watermark below which matches are refused. */
  private maxTime = -Infinity;
  private readonly counts: EngineCounters = { matches: 0, late: 0, tooLate: 0, evicted: 0, perCorrelation: {} };
  private readonly lateness: number;
  private readonly sampleSize: number;
  private readonly maxEntries: number;
  /** Per correlation, what every result repeats: computed once, not per match. */
  private readonly fixed = new Map<string, { condition: string; alert: boolean }>();
  /** Groups changed or dropped since the last takeChanges(), per correlation. */
  private readonly dirty = new Map<string, Set<string>>();

  constructor(
    readonly correlations: CorrelationSet,
    private readonly options: CorrelationEngineOptions,
  ) {
    this.lateness = options.allowedLatenessMs ?? 60_000;
    this.sampleSize = options.sampleSize ?? 10;
    this.maxEntries = options.maxEntriesPerGroup ?? 10_000;
    for (const def of correlations.definitions) {
      this.groups.set(def.id, new Map());
      this.counts.perCorrelation[def.id] = emptyCorrelationCounters();
      this.fixed.set(def.id, { condition: describeComparisons(def.comparisons), alert: correlations.raisesOwnAlerts({ ruleId: def.id, ruleName: def.name }) });
    }
  }

  /** Feeds one match; returns the results it caused, chained correlations' included, inner first. */
  process(match: RuleMatch): CorrelationResult[] {
    if (!Number.isFinite(match.time)) throw new RangeError(`match ${match.matchId} has no valid event time`);
    this.counts.matches++;
    if (match.time < this.watermark()) {
      this.counts.tooLate++;
      return [];
    }
    const late = match.time < this.maxTime;
    if (late) this.counts.late++;
    else this.maxTime = match.time;
    const results: CorrelationResult[] = [];
    this.feed(match, late, results);
    return results;
  }

  private feed(match: RuleMatch, late: boolean, results: CorrelationResult[]): void {
    for (const target of this.correlations.targetsOf(match)) {
      const result = this.apply(target, match, late);
      if (!result) continue;
      results.push(result);
      // A chained correlation sees the inner result once per episode, at the time its condition first held.
      if (result.kind === 'opened') {
        const def = target.definition;
        const fields = { ...match.fields, ...result.group };
        this.feed({ ruleId: def.id, ruleName: def.name, time: result.openedAt, matchId: result.episodeId, fields, level: result.level }, late, results);
      }
    }
  }

  private apply({ definition: def, ruleIndex }: CorrelationTarget, match: RuleMatch, late: boolean): CorrelationResult | undefined {
    const counters = this.counts.perCorrelation[def.id];
    const extracted = extractMatch(def, match, match.fields);
    if (!extracted.ok) {
      if (extracted.missing === 'group-by') counters.missingGroupBy++;
      else counters.missingValue++;
      return undefined;
    }
    const groups = this.groups.get(def.id) as Map<string, GroupState>;
    let group = groups.get(extracted.groupKey);
    if (!group) {
      group = { window: new GroupWindow(), touchedAt: 0 };
      groups.set(extracted.groupKey, group);
    }
    group.touchedAt = this.options.clock();
    this.markDirty(def.id, extracted.groupKey);
    counters.droppedByCap += group.window.prune(this.watermark() - def.timespanMs, this.maxEntries - 1);
    if (group.window.has(match.time, match.matchId)) {
      counters.duplicates++;
      return undefined;
    }
    const matchLevel = match.level ? levelRank(match.level) : -1;
    const index = group.window.insert({ t: match.time, v: extracted.value, id: match.matchId, r: ruleIndex, l: matchLevel });
    const held = this.holdingWindows(def, group.window, index);
    if (!held) return undefined;
    const [first, last] = held;
    let kind: CorrelationResult['kind'] = 'updated';
    if (continuesEpisode(group.episode, first, def.timespanMs)) {
      continueEpisode(group.episode, last, match.time, match.matchId, matchLevel, this.sampleSize);
    } else {
      group.episode = openEpisode(def, group.window, first, last, this.sampleSize);
      kind = 'opened';
    }
    return this.result(kind, def, extracted.groupKey, group.episode, last.value, match.matchId, late);
  }

  /**
   * The first and last windows, among those the new match belongs to, where the condition holds.
   * A window ends at a match (its newest) and reaches back one timespan, both edges included; an
   * in-order match belongs to one window, a late one to each window ending within a timespan after it.
   */
  private holdingWindows(def: CorrelationDefinition, window: GroupWindow, index: number): [HeldWindow, HeldWindow] | undefined {
    const until = window.at(index).t + def.timespanMs;
    let first: HeldWindow | undefined;
    let last: HeldWindow | undefined;
    for (let anchor = index; anchor < window.size && window.at(anchor).t <= until; anchor++) {
      const time = window.at(anchor).t;
      const start = window.lowerBound(time - def.timespanMs);
      const value = aggregateWindow(def.type, window, start, anchor);
      if (!conditionHolds(def.comparisons, value)) continue;
      last = { anchor, start, time, value };
      first ??= last;
    }
    return first && last ? [first, last] : undefined;
  }

  private result(kind: CorrelationResult['kind'], def: CorrelationDefinition, groupKey: string, episode: Episode, value: number, triggeringMatchId: string, late: boolean): CorrelationResult {
    const fixed = this.fixed.get(def.id) as { condition: string; alert: boolean };
    return {
      kind,
      correlationId: def.id,
      ...(def.name !== undefined ? { correlationName: def.name } : {}),
      title: def.title,
      type: def.type,
      episodeId: `${def.id}|${groupKey}|${episode.openedAt}`,
      groupKey,
      group: groupValues(def, groupKey),
      level: episodeLevel(episode),
      alert: fixed.alert,
      value,
      condition: fixed.condition,
      openedAt: episode.openedAt,
      lastSeen: episode.lastSeen,
      count: episode.count,
      sampleMatchIds: [...episode.sample],
      triggeringMatchId,
      late,
      emittedAt: this.options.clock(),
    };
  }

  /** True when a match of this event time would be refused as too late (older than the newest time seen minus the allowed lateness). */
  refuses(time: number): boolean {
    return time < this.watermark();
  }

  /** Matches older than this are refused; entries older than it minus a timespan are dead. */
  private watermark(): number {
    return this.maxTime - this.lateness;
  }

  /**
   * Drops groups no future match can affect (window empty after pruning, episode over), which
   * changes no result; with `idleMs`, also groups untouched for that long by the wall clock,
   * which bounds memory at the cost of forgetting them. Returns how many were dropped.
   */
  evictIdle(options: { idleMs?: number } = {}): number {
    const now = this.options.clock();
    let evicted = 0;
    for (const def of this.correlations.definitions) {
      const groups = this.groups.get(def.id) as Map<string, GroupState>;
      for (const [key, group] of groups) {
        const sizeBefore = group.window.size;
        group.window.prune(this.watermark() - def.timespanMs, this.maxEntries);
        if (group.window.size !== sizeBefore) this.markDirty(def.id, key);
        const dead = group.window.size === 0 && (!group.episode || episodeOver(group.episode, this.watermark(), def.timespanMs));
        const idle = options.idleMs !== undefined && now - group.touchedAt > options.idleMs;
        if (dead || idle) {
          groups.delete(key);
          this.markDirty(def.id, key);
          evicted++;
        }
      }
    }
    this.counts.evicted += evicted;
    return evicted;
  }

  /** Groups currently held, over all correlations. */
  get activeGroups(): number {
    let total = 0;
    for (const groups of this.groups.values()) total += groups.size;
    return total;
  }

  counters(): EngineCounters {
    return structuredClone(this.counts);
  }

  /** A JSON-safe copy of all window and episode state, to rebuild the engine after a restart. */
  snapshot(): EngineSnapshot {
    return writeSnapshot(this.correlations, this.groups, this.maxTime);
  }

  /**
   * Replaces the state with a snapshot's. Groups of correlations that are gone or whose
   * definition changed since are dropped (their windows would mean something else now).
   */
  restore(snapshot: EngineSnapshot): { restored: number; dropped: number } {
    const { maxTime, groups, dropped } = readSnapshot(this.correlations, snapshot);
    this.maxTime = maxTime;
    for (const def of this.correlations.definitions) this.groups.set(def.id, groups.get(def.id) ?? new Map());
    this.dirty.clear();
    return { restored: this.activeGroups, dropped };
  }

  /** The engine-wide part of snapshot() (watermark, definition fingerprints), without groups. */
  snapshotHeader(): EngineHeader {
    return writeHeader(this.correlations, this.maxTime);
  }

  /**
   * The groups changed (as snapshots) and dropped (evicted) since the last call or restore, so a
   * store can write only those. The header plus all groups written so far equal snapshot().
   */
  takeChanges(): { changed: GroupSnapshot[]; deleted: { correlationId: string; groupKey: string }[] } {
    const changed: GroupSnapshot[] = [];
    const deleted: { correlationId: string; groupKey: string }[] = [];
    for (const [correlationId, keys] of this.dirty) {
      const groups = this.groups.get(correlationId);
      for (const groupKey of keys) {
        const state = groups?.get(groupKey);
        if (state) changed.push(writeGroup(correlationId, groupKey, state));
        else deleted.push({ correlationId, groupKey });
      }
    }
    this.dirty.clear();
    return { changed, deleted };
  }

  private markDirty(correlationId: string, groupKey: string): void {
    let keys = this.dirty.get(correlationId);
    if (!keys) {
      keys = new Set();
      this.dirty.set(correlationId, keys);
    }
    keys.add(groupKey);
  }
}
