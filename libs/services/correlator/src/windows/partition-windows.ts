import type { Alert, RuleMatch } from '@quell/contracts';
import { CorrelationEngine, LEVELS, type EngineHeader, type EngineSnapshot, type GroupSnapshot, type Level } from '@quell/correlation';
import { routeMatch } from '../detection/match-routing';
import type { KeyedProcessor, KeyedProcessorInstance, KeyedState } from '../extensions';
import type { CorrelatorRules } from '../rules/correlator-rules';
import { correlationAlertId, correlationAlertOf } from './correlation-alert';

/** What one match caused: alerts to raise, records to send back to the matches topic (chains). */
export interface WindowsOutput {
  alerts: Alert[];
  matches: RuleMatch[];
  opened: number;
  updated: number;
  /** Chained correlations the inner result could not feed for a missing group-by field. */
  missingGroupBy: string[];
  /** Not applied: no such correlation, or older than the partition's newest event time minus the allowed lateness. */
  ignored?: 'unknown-correlation' | 'too-late';
}

/** The state of one partition's windows: every engine's, and every keyed processor's. */
export interface WindowsSnapshot {
  engines: Record<string, EngineSnapshot>;
  processors: Record<string, KeyedState>;
}

/**
 * What changed since the last call, for a store that writes per group and per key: every engine's
 * and processor's header (small, whole), the groups (by groupField()) and processor keys (by
 * keyField()) changed, and the fields of those dropped.
 */
export interface WindowsChanges {
  engines: Record<string, EngineHeader>;
  processors: Record<string, unknown>;
  groups: Record<string, GroupSnapshot>;
  keys: Record<string, unknown>;
  deleted: string[];
}

/**
 * A group's name in a per-group store: its engine (tenant, correlation) and its key in that engine.
 * WARNING: durable (state field names). A JSON array of three, so it never equals a keyField() nor a plain name.
 */
export function groupField(engineKey: string, group: { correlationId: string; groupKey: string }): string {
  return JSON.stringify([engineKey, group.correlationId, group.groupKey]);
}

/** A keyed processor's key in the same store. WARNING: durable. A JSON array of two, unlike groupField(). */
export function keyField(processor: string, key: string): string {
  return JSON.stringify([processor, key]);
}

export type StoredField = { kind: 'group'; engineKey: string } | { kind: 'key'; processor: string; key: string } | { kind: 'other' };

/** Which of groupField() and keyField() named a stored field. */
export function readField(field: string): StoredField {
  if (!field.startsWith('[')) return { kind: 'other' };
  const parts = JSON.parse(field) as string[];
  if (parts.length === 3) return { kind: 'group', engineKey: parts[0] };
  if (parts.length === 2) return { kind: 'key', processor: parts[0], key: parts[1] };
  return { kind: 'other' };
}

export interface PartitionWindowsOptions {
  clock: () => number;
  allowedLatenessMs: number;
}

function levelOf(value: string | null): Level | undefined {
  return (LEVELS as readonly string[]).includes(value ?? '') ? (value as Level) : undefined;
}

/**
 * The stateful windows of one matches partition: a CorrelationEngine per (tenant, correlation),
 * created on first use, plus one instance of each keyed processor. A correlation's result feeds
 * correlations chained on it through the matches topic, re-keyed by their own group-by, so each
 * engine sees exactly the groups of its partition.
 */
export class PartitionWindows {
  private readonly engines = new Map<string, CorrelationEngine>();
  private readonly processors = new Map<string, KeyedProcessorInstance>();
  /** Groups of engines dropped by evict(), not yet reported by takeChanges(). */
  private droppedGroups: string[] = [];

  constructor(
    private readonly rules: CorrelatorRules,
    private readonly keyed: readonly KeyedProcessor[],
    private readonly options: PartitionWindowsOptions,
  ) {
    for (const processor of keyed) this.processors.set(processor.name, processor.create());
  }

  process(match: RuleMatch): WindowsOutput {
    const processor = this.keyed.find((p) => match.correlationId.startsWith(`${p.name}:`));
    if (processor) {
      const out = (this.processors.get(processor.name) as KeyedProcessorInstance).process(match);
      return { alerts: out.alerts, matches: out.matches ?? [], opened: 0, updated: 0, missingGroupBy: [] };
    }
    const engine = this.engineFor(match.tenant, match.correlationId);
    const def = this.rules.definition(match.correlationId);
    if (!engine || !def) return { alerts: [], matches: [], opened: 0, updated: 0, missingGroupBy: [], ignored: 'unknown-correlation' };
    // Refused by the engine (which counts it too): reported, so it never disappears silently.
    const tooLate = engine.refuses(match.eventTime);
    const results = engine.process({
      ruleId: match.rule.id,
      ...(match.rule.name ? { ruleName: match.rule.name } : {}),
      time: match.eventTime,
      matchId: match.matchId,
      fields: match.fields,
      level: levelOf(match.rule.level),
    });
    const out: WindowsOutput = { alerts: [], matches: [], opened: 0, updated: 0, missingGroupBy: [], ...(tooLate ? { ignored: 'too-late' as const } : {}) };
    for (const result of results) {
      if (result.kind === 'opened') out.opened++;
      else out.updated++;
      if (result.alert) out.alerts.push(correlationAlertOf(result, def, this.rules.metaOf(def.id), match));
      if (result.kind !== 'opened') continue;
      // Chaining (DESIGN): the outer correlation sees the inner result once, at the time its condition first held.
      const innerId = correlationAlertId(match.tenant, result.episodeId);
      const routed = routeMatch(
        this.rules,
        { ref: { ruleId: def.id, ...(def.name ? { ruleName: def.name } : {}) }, title: def.title, level: result.level },
        { tenant: match.tenant, matchId: innerId, eventId: innerId, time: result.openedAt, fields: { ...match.fields, ...result.group }, entities: match.entities },
      );
      out.matches.push(...routed.matches);
      out.missingGroupBy.push(...routed.missingGroupBy);
    }
    return out;
  }

  private engineFor(tenant: string, correlationId: string): CorrelationEngine | undefined {
    const key = JSON.stringify([tenant, correlationId]);
    let engine = this.engines.get(key);
    if (!engine) {
      const set = this.rules.engineSet(correlationId);
      if (!set) return undefined;
      engine = new CorrelationEngine(set, { clock: this.options.clock, allowedLatenessMs: this.options.allowedLatenessMs });
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** Drops groups no future match can change, and engines left without groups. */
  evict(): void {
    for (const [key, engine] of this.engines) {
      engine.evictIdle();
      if (engine.activeGroups === 0) {
        this.droppedGroups.push(...engine.takeChanges().deleted.map((group) => groupField(key, group)));
        this.engines.delete(key);
      }
    }
    for (const instance of this.processors.values()) instance.evict?.();
  }

  get activeGroups(): number {
    let total = 0;
    for (const engine of this.engines.values()) total += engine.activeGroups;
    return total;
  }

  snapshot(): WindowsSnapshot {
    const engines: Record<string, EngineSnapshot> = {};
    for (const [key, engine] of this.engines) engines[key] = engine.snapshot();
    const processors: Record<string, KeyedState> = {};
    for (const [name, instance] of this.processors) processors[name] = instance.snapshot();
    return { engines, processors };
  }

  /** The groups and processor keys changed and dropped since the last call (or restore), with the small headers. */
  takeChanges(): WindowsChanges {
    const changes: WindowsChanges = { engines: {}, processors: {}, groups: {}, keys: {}, deleted: this.droppedGroups };
    this.droppedGroups = [];
    for (const [key, engine] of this.engines) {
      changes.engines[key] = engine.snapshotHeader();
      const { changed, deleted } = engine.takeChanges();
      for (const group of changed) changes.groups[groupField(key, group)] = group;
      for (const group of deleted) changes.deleted.push(groupField(key, group));
    }
    for (const [name, instance] of this.processors) {
      const { header, changed, deleted } = instance.takeChanges();
      changes.processors[name] = header;
      for (const [key, value] of changed) changes.keys[keyField(name, key)] = value;
      for (const key of deleted) changes.deleted.push(keyField(name, key));
    }
    return changes;
  }

  /** Every group and processor key, as takeChanges() would report them after a restore from nothing; resets the changes. */
  allAsChanges(): WindowsChanges {
    const changes = this.takeChanges();
    changes.groups = {};
    changes.keys = {};
    changes.deleted = [];
    for (const [key, engine] of this.engines) {
      for (const group of engine.snapshot().groups) changes.groups[groupField(key, group)] = group;
    }
    for (const [name, instance] of this.processors) {
      for (const [key, value] of instance.snapshot().keys) changes.keys[keyField(name, key)] = value;
    }
    return changes;
  }

  /** Replaces the state; windows of correlations that are gone or changed since are dropped by the engine. */
  restore(snapshot: WindowsSnapshot): void {
    this.engines.clear();
    this.droppedGroups = [];
    for (const [key, state] of Object.entries(snapshot.engines)) {
      const [tenant, correlationId] = JSON.parse(key) as [string, string];
      this.engineFor(tenant, correlationId)?.restore(state);
    }
    for (const [name, state] of Object.entries(snapshot.processors)) this.processors.get(name)?.restore(state);
  }
}
