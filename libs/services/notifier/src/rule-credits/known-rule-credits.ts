import { LRUCache } from 'lru-cache';
import type { RuleCredit } from '@quell/notify';

/** How many rules' credits are kept, and for how long: a reloaded rule's new title is used after at most this. */
export const KNOWN_RULE_CREDITS = { capacity: 10_000, maxAgeMs: 10 * 60_000 };

/**
 * The title and author of each rule the notifier read from the incident history lately, by tenant
 * and rule id. A rule's credit is the same in every incident it raises, so one read serves the
 * notifications of that rule that follow. Before, each routed notification read its incident's
 * alerts (a FINAL read, ~100 ms of the embedded engine), which held the all-in-one with a routing
 * file to 664 events/s at 10% alerts (4,041 without the read; README, Benchmarks).
 *
 * Only credits read from stored alerts are kept; a rule with no alert stored yet is read for again
 * next time. Forgotten after `maxAgeMs`, and the least lately read first beyond `capacity`.
 */
export class KnownRuleCredits {
  private readonly credits: LRUCache<string, RuleCredit>;

  constructor(limits = KNOWN_RULE_CREDITS, now: () => number = Date.now) {
    this.credits = new LRUCache({ max: limits.capacity, ttl: limits.maxAgeMs, ttlResolution: 0, perf: { now } });
  }

  /** Called with the credits a read of the incident history gave. */
  remember(tenant: string, credits: readonly RuleCredit[]): void {
    for (const credit of credits) this.credits.set(keyOf(tenant, credit.id), credit);
  }

  /** The credits of those of `ruleIds` read lately, in their order. */
  find(tenant: string, ruleIds: readonly string[]): RuleCredit[] {
    const credits: RuleCredit[] = [];
    for (const id of ruleIds) {
      // Peeked: being found does not make a credit newer, only a read of the history does.
      const known = this.credits.peek(keyOf(tenant, id));
      if (known) credits.push(known);
    }
    return credits;
  }
}

function keyOf(tenant: string, ruleId: string): string {
  return `${tenant}\u0000${ruleId}`;
}
