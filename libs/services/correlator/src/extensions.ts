import type { Alert, Event, RuleMatch } from '@quell/contracts';

/**
 * Stage-1 extension point: extra per-event detectors (watchlists, anomalies…) next to the Sigma
 * rules. Provide implementations under EVENT_DETECTORS (a Nest multi-provider list, see
 * correlatorDetector()). Their alerts go to the alerts topic with the Sigma ones; their `matches`
 * go to the matches topic, keyed like any match, for a stage-2 KeyedProcessor of the same family.
 */
export interface EventDetector {
  readonly name: string;
  /** Called once per batch with every event of it, in partition order. May query (ClickHouse, lists). */
  detect(events: readonly Event[]): Promise<Alert[] | DetectorFindings>;
  /**
   * Optional: keyed stage-2 records derived from alerts (e.g. per entity, for kill-chain
   * progression): stage 1 calls it with each batch's alerts, stage 2 with the alerts its windows raise.
   */
  follow?(alerts: readonly Alert[]): RuleMatch[];
}

export interface DetectorFindings {
  alerts: Alert[];
  matches?: RuleMatch[];
}

/**
 * Stage-2 extension point: stateful per-key logic on the matches topic besides Sigma correlations.
 * A record whose `correlationId` starts with `<name>:` goes to the processor of that name; stage 2
 * keeps one instance per assigned partition and persists its state with the Sigma windows, in
 * the same write and before the offset commit, so it survives restarts and rebalances likewise.
 * Like correlation groups, the state is stored per key: a batch writes the small header and only
 * the keys it changed or dropped.
 */
export interface KeyedProcessor {
  readonly name: string;
  /** How far back its state reaches: a rebuild from the event history reads at least this much. */
  readonly historyHorizonMs?: number;
  create(): KeyedProcessorInstance;
}

/** A processor's state as stored: the processor-wide header and one JSON-safe value per key. */
export interface KeyedState {
  header: unknown;
  keys: Map<string, unknown>;
}

/** A key's value serialized already, for a processor that caches parts of its JSON: stored as `json`, as is. */
export class SerializedValue {
  constructor(readonly json: string) {}
}

export interface KeyedProcessorInstance {
  /** One record, in partition order; returns the alerts (and chained records) it causes. */
  process(match: RuleMatch): { alerts: Alert[]; matches?: RuleMatch[] };
  /** The whole state (header and every key). */
  snapshot(): KeyedState;
  /** The header (small: written with every batch) and the keys changed or dropped since the last call or restore; a changed value may be a SerializedValue. */
  takeChanges(): { header: unknown; changed: Map<string, unknown>; deleted: string[] };
  /**
   * Replaces the state after a restart or rebalance. State stored before per-key entries
   * existed comes back as the old whole snapshot in `header`, with no keys.
   */
  restore(state: KeyedState): void;
  /** Optional: drops state no future record can change (called with the windows' eviction). */
  evict?(): void;
}

export const EVENT_DETECTORS = Symbol('EVENT_DETECTORS');
export const KEYED_PROCESSORS = Symbol('KEYED_PROCESSORS');

/** The keyed records every detector derives from these alerts (`follow`), in detector order. */
export function followAlerts(detectors: readonly EventDetector[], alerts: readonly Alert[]): RuleMatch[] {
  return detectors.flatMap((detector) => detector.follow?.(alerts) ?? []);
}

/** Normalizes what a detector returned. */
export function findingsOf(result: Alert[] | DetectorFindings): DetectorFindings {
  return Array.isArray(result) ? { alerts: result } : result;
}
