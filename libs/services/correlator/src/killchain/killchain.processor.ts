import type { Alert, RuleMatch } from '@quell/contracts';
import {
  DEFAULT_KILLCHAIN_WINDOW_MS,
  joinSnapshot,
  KILLCHAIN_MATCH_PREFIX,
  killChainAlertOf,
  killChainInputOfMatch,
  killChainMatchesOf,
  KillChainTracker,
  readStoredEntities,
  type KillChainHeader,
  type KillChainOptions,
  type KillChainRefusal,
  type KillChainSnapshot,
} from '@quell/killchain';
import type { Logger } from '@quell/platform-observability';
import type { CorrelatorMetrics } from '../correlator.metrics';
import { SerializedValue, type EventDetector, type KeyedProcessor, type KeyedProcessorInstance, type KeyedState } from '../extensions';

/**
 * Stage 1: every alert of a batch with an ATT&CK tactic becomes per-entity records
 * (`killchain:host`, `killchain:user`) on the matches topic. Stage 2 sends its own correlation
 * alerts through `follow` as well.
 */
export const killChainDetector: EventDetector = {
  name: KILLCHAIN_MATCH_PREFIX,
  detect: () => Promise.resolve([]),
  follow: (alerts) => alerts.flatMap(killChainMatchesOf),
};

/** Where the processor reports alerts it refused for an entity (too late behind that entity's newest alert). */
export interface KillChainObserver {
  refused(refusal: KillChainRefusal): void;
}

/** Counts and logs each refusal: an escalation that did not happen must be visible. */
export function killChainObserver(metrics: CorrelatorMetrics, logger: Logger): KillChainObserver {
  return {
    refused: (r) => {
      metrics.killChainRefused.inc({ entity_type: r.entity.type });
      logger.warn(
        { tenant: r.tenant, entity: `${r.entity.type}:${r.entity.value}`, alertId: r.alertId, ruleId: r.ruleId, behindMs: r.entityLatest - r.time, allowedLatenessMs: r.allowedLatenessMs },
        'kill-chain alert refused for an entity: later than the allowed lateness behind its newest alert',
      );
    },
  };
}

/**
 * Stage 2: one KillChainTracker per matches partition; its state is saved with the windows, per
 * entity a head and its entries in chunks (entity-chunks.ts), so a batch rewrites what changed.
 */
export function killChainProcessor(options: KillChainOptions, observer?: KillChainObserver): KeyedProcessor {
  return {
    name: KILLCHAIN_MATCH_PREFIX,
    historyHorizonMs: options.windowMs ?? DEFAULT_KILLCHAIN_WINDOW_MS,
    create: (): KeyedProcessorInstance => {
      const tracker = new KillChainTracker({ ...options, ...(observer ? { onRefused: (r: KillChainRefusal) => observer.refused(r) } : {}) });
      return {
        process: (match: RuleMatch): { alerts: Alert[] } => ({ alerts: tracker.process(killChainInputOfMatch(match)).map(killChainAlertOf) }),
        // Asked for a write of the whole state (allAsChanges, replacing the hash) or a rules reload, so it resets the changes.
        snapshot: (): KeyedState => ({ header: tracker.snapshotHeader(), keys: serialized(tracker.storedEntities()) }),
        takeChanges: () => {
          const { changed, deleted } = tracker.takeStoredChanges();
          return { header: tracker.snapshotHeader(), changed: serialized(changed), deleted };
        },
        restore: ({ header, keys }) => {
          // Keys come parsed from the store, or as this processor's own snapshot() when the rules are reloaded.
          const values = new Map([...keys].map(([key, value]) => [key, value instanceof SerializedValue ? (JSON.parse(value.json) as unknown) : value]));
          tracker.restore(joinSnapshot(header as KillChainHeader | KillChainSnapshot, readStoredEntities(values)));
        },
        evict: () => {
          tracker.evictIdle();
        },
      };
    },
  };
}

function serialized(keys: Map<string, string>): Map<string, SerializedValue> {
  return new Map([...keys].map(([key, json]) => [key, new SerializedValue(json)]));
}
