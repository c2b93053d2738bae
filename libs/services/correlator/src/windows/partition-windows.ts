import type { Alert, RuleMatch } from '@quell/contracts';
import { CorrelationEngine, LEVELS, type EngineHeader, type EngineSnapshot, type GroupSnapshot, type Level } from '@quell/correlation';
import { routeMatch } from '../detection/match-routing';
import type { KeyedProcessor, KeyedProcessorInstance } from '../extensions';
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
  ignored?: 'unknown-correlation';
}

/** JSON-safe state of one partition's windows. */
export interface WindowsSnapshot {
  engines: Record<string, EngineSnapshot>;
  processors: Record<string, unknown>;
}

/**
 * What changed since the last call, for a store that writes per group: every engine's header and
 * processor's state (small, whole), the groups changed and the groups dropped, by groupField().
 */
export interface WindowsChanges {
  engines: Record<string, EngineHeader>;
  processors: Record<string, unknown>;
  groups: Record<string, GroupSnapshot>;
  deleted: string[];
}

/** A group's name in a per-group store: its engine (tenant, correlation) and its key in that engine. */
export function groupField(engineKey: string, group: { correlationId: string; groupKey: string }): string {
  return JSON.stringify([engineKey, group.correlationId, group.groupKey]);
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
    const results = engine.process({
      ruleId: match.rule.id,
      ...(match.rule.name ? { ruleName: match.rule.name } : {}),
      time: match.eventTime,
      matchId: match.matchId,
      fields: match.fields,
      level: levelOf(match.rule.level),
    });
    const out: WindowsOutput = { alerts: [], matches: [], opened: 0, updated: 0, missingGroupBy: [] };
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
    const processors: Record<string, unknown> = {};
    for (const [name, instance] of this.processors) processors[name] = instance.snapshot();
    return { engines, processors };
  }

  /** The groups changed and dropped since the last call (or restore), with the small engine-wide state. */
  takeChanges(): WindowsChanges {
    const changes = this.headers();
    changes.deleted = this.droppedGroups;
    this.droppedGroups = [];
    for (const [key, engine] of this.engines) {
      const { changed, deleted } = engine.takeChanges();
      for (const group of changed) changes.groups[groupField(key, group)] = group;
      for (const group of deleted) changes.deleted.push(groupField(key, group));
    }
    return changes;
  }

  /** Every group, as takeChanges() would report them after a restore from nothing; resets the changes. */
  allAsChanges(): WindowsChanges {
    this.takeChanges();
    const changes = this.headers();
    for (const [key, engine] of this.engines) {
      for (const group of engine.snapshot().groups) changes.groups[groupField(key, group)] = group;
    }
    return changes;
  }

  private headers(): WindowsChanges {
    const engines: Record<string, EngineHeader> = {};
    for (const [key, engine] of this.engines) engines[key] = engine.snapshotHeader();
    const processors: Record<string, unknown> = {};
    for (const [name, instance] of this.processors) processors[name] = instance.snapshot();
    return { engines, processors, groups: {}, deleted: [] };
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
