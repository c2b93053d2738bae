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
 * next time. Forgotten after `maxAgeMs`, and the oldest first beyond `capacity`.
 */
export class KnownRuleCredits {
  private readonly credits = new Map<string, { credit: RuleCredit; readAt: number }>();

  constructor(
    private readonly limits = KNOWN_RULE_CREDITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called with the credits a read of the incident history gave. */
  remember(tenant: string, credits: readonly RuleCredit[]): void {
    const readAt = this.now();
    for (const credit of credits) {
      const key = keyOf(tenant, credit.id);
      // Deleted first, so that it moves to the end: the map's order is the order of forgetting.
      this.credits.delete(key);
      this.credits.set(key, { credit, readAt });
    }
    for (const [key, { readAt: at }] of this.credits) {
      if (this.credits.size <= this.limits.capacity && !this.tooOld(at)) break;
      this.credits.delete(key);
    }
  }

  /** The credits of those of `ruleIds` read lately, in their order. */
  find(tenant: string, ruleIds: readonly string[]): RuleCredit[] {
    const credits: RuleCredit[] = [];
    for (const id of ruleIds) {
      const known = this.credits.get(keyOf(tenant, id));
      if (known && !this.tooOld(known.readAt)) credits.push(known.credit);
    }
    return credits;
  }

  private tooOld(readAt: number): boolean {
    return this.now() - readAt > this.limits.maxAgeMs;
  }
}

function keyOf(tenant: string, ruleId: string): string {
  return `${tenant}\u0000${ruleId}`;
}
