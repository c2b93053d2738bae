import type { Alert, RuleMatch } from '@quell/contracts';
import { KILLCHAIN_MATCH_PREFIX, killChainAlertOf, killChainInputOfMatch, killChainMatchesOf, KillChainTracker, type KillChainOptions, type KillChainSnapshot } from '@quell/killchain';
import type { EventDetector, KeyedProcessor, KeyedProcessorInstance } from '../extensions';

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

/** Stage 2: one KillChainTracker per matches partition; its state is saved with the windows. */
export function killChainProcessor(options: KillChainOptions): KeyedProcessor {
  return {
    name: KILLCHAIN_MATCH_PREFIX,
    create: (): KeyedProcessorInstance => {
      const tracker = new KillChainTracker(options);
      return {
        process: (match: RuleMatch): { alerts: Alert[] } => ({ alerts: tracker.process(killChainInputOfMatch(match)).map(killChainAlertOf) }),
        snapshot: () => tracker.snapshot(),
        restore: (snapshot) => {
          tracker.restore(snapshot as KillChainSnapshot);
        },
        evict: () => {
          tracker.evictIdle();
        },
      };
    },
  };
}
