import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A window ending sooner than this counts as ended: `reward` reads the clock again, a moment later. */
const WINDOW_END_MARGIN_MS = 5;

/** Events taken from one budget, and until when that budget's window (which counts them) lasts. */
interface Debit {
  readonly budget: RateLimiterMemory;
  readonly windowEndsAt: number;
}

/** What one allowed request took from its tenant's budgets: `giveBack` returns it, once. */
export class RateReceipt {
  static readonly nothing = new RateReceipt('', 0, []);

  constructor(
    private readonly tenant: string,
    private readonly events: number,
    private debits: readonly Debit[],
  ) {}

  /**
   * Gives the events back to each budget whose window still counts them. A window that has ended
   * was refilled already: a reward there would land in the next window (rate-limiter-flexible's
   * `reward` starts one at minus the points) and let the tenant pass its rate.
   */
  async giveBack(): Promise<void> {
    const debits = this.debits;
    this.debits = [];
    for (const { budget, windowEndsAt } of debits) {
      if (Date.now() + WINDOW_END_MARGIN_MS < windowEndsAt) await budget.reward(this.tenant, this.events);
    }
  }
}

/** An allowed request's receipt, or how long a refused caller should wait, in whole seconds (the `Retry-After` value). */
export type RateDecision = { allowed: true; receipt: RateReceipt } | { allowed: false; retryAfterSeconds: number };

/**
 * Events per second per tenant with a burst allowance (rate-limiter-flexible's bursty limiter: a
 * per-second budget plus a burst budget refilled over 10 s, which behaves like a token bucket).
 * Held in memory: each ingest instance enforces its share.
 */
export class TenantRateLimiter {
  /** The per-second budget, the burst budget if any, and the limiter that takes from them in turn; none when unlimited. */
  private readonly budgets?: {
    perSecond: RateLimiterMemory;
    burst?: RateLimiterMemory;
    limiter: { consume(key: string, points: number): Promise<RateLimiterRes> };
  };
  /** Most events one request can ever get through (the larger budget); Infinity when unlimited. */
  readonly maxPerRequest: number;

  constructor(eventsPerSecond: number, burst: number) {
    this.maxPerRequest = eventsPerSecond > 0 ? Math.max(eventsPerSecond, burst) : Infinity;
    if (eventsPerSecond <= 0) return;
    const perSecond = new RateLimiterMemory({ keyPrefix: 'rate', points: eventsPerSecond, duration: 1 });
    if (burst <= 0) {
      this.budgets = { perSecond, limiter: perSecond };
      return;
    }
    const burstBudget = new RateLimiterMemory({ keyPrefix: 'burst', points: burst, duration: 10 });
    this.budgets = { perSecond, burst: burstBudget, limiter: new BurstyRateLimiter(perSecond, burstBudget) };
  }

  async take(tenant: string, events: number): Promise<RateDecision> {
    if (!this.budgets || events === 0) return { allowed: true, receipt: RateReceipt.nothing };
    const { perSecond, burst, limiter } = this.budgets;
    // Before the consume, so that a window's end computed from it is never later than the real one.
    const takenAt = Date.now();
    let taken: RateLimiterRes;
    try {
      taken = await limiter.consume(tenant, events);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
    // The bursty limiter consumes the per-second budget, which counts the events even when it
    // refuses them, and only on that refusal the burst budget: a count over the per-second size
    // (it answers with the per-second result) means both were taken from.
    const budgets = burst && taken.consumedPoints > perSecond.points ? [perSecond, burst] : [perSecond];
    return { allowed: true, receipt: new RateReceipt(tenant, events, await Promise.all(budgets.map((budget) => debit(budget, tenant, takenAt)))) };
  }
}

/** The events just taken from `budget`, with the end of the window that counts them (none left if it has ended). */
async function debit(budget: RateLimiterMemory, tenant: string, takenAt: number): Promise<Debit> {
  const window = await budget.get(tenant);
  return { budget, windowEndsAt: window ? takenAt + window.msBeforeNext : takenAt };
}
