import type { Alert, RuleMatch } from '@quell/contracts';
import {
  DEFAULT_KILLCHAIN_WINDOW_MS,
  joinSnapshot,
  KILLCHAIN_MATCH_PREFIX,
  killChainAlertOf,
  killChainInputOfMatch,
  killChainMatchesOf,
  KillChainTracker,
  type EntitySnapshot,
  type KillChainHeader,
  type KillChainOptions,
  type KillChainSnapshot,
} from '@quell/killchain';
import type { EventDetector, KeyedProcessor, KeyedProcessorInstance, KeyedState } from '../extensions';

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

/** Stage 2: one KillChainTracker per matches partition; its state is saved with the windows, one entry per entity. */
export function killChainProcessor(options: KillChainOptions): KeyedProcessor {
  return {
    name: KILLCHAIN_MATCH_PREFIX,
    historyHorizonMs: options.windowMs ?? DEFAULT_KILLCHAIN_WINDOW_MS,
    create: (): KeyedProcessorInstance => {
      const tracker = new KillChainTracker(options);
      return {
        process: (match: RuleMatch): { alerts: Alert[] } => ({ alerts: tracker.process(killChainInputOfMatch(match)).map(killChainAlertOf) }),
        snapshot: (): KeyedState => ({ header: tracker.snapshotHeader(), keys: tracker.entitySnapshots() }),
        takeChanges: () => ({ header: tracker.snapshotHeader(), ...tracker.takeChanges() }),
        restore: ({ header, keys }) => {
          tracker.restore(joinSnapshot(header as KillChainHeader | KillChainSnapshot, keys.values() as Iterable<EntitySnapshot>));
        },
        evict: () => {
          tracker.evictIdle();
        },
      };
    },
  };
}
