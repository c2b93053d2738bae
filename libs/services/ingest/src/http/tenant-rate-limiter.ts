import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** How long a refused caller should wait, in whole seconds (the `Retry-After` value). */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Events per second per tenant with a burst allowance (rate-limiter-flexible's bursty limiter: a
 * per-second budget plus a burst budget refilled over 10 s, which behaves like a token bucket).
 * Held in memory: each ingest instance enforces its share.
 */
export class TenantRateLimiter {
  private readonly limiter?: { consume(key: string, points: number): Promise<RateLimiterRes> };
  /** Most events one request can ever get through (the larger budget); Infinity when unlimited. */
  readonly maxPerRequest: number;

  constructor(eventsPerSecond: number, burst: number) {
    this.maxPerRequest = eventsPerSecond > 0 ? Math.max(eventsPerSecond, burst) : Infinity;
    if (eventsPerSecond <= 0) return;
    const rate = new RateLimiterMemory({ keyPrefix: 'rate', points: eventsPerSecond, duration: 1 });
    this.limiter = burst > 0 ? new BurstyRateLimiter(rate, new RateLimiterMemory({ keyPrefix: 'burst', points: burst, duration: 10 })) : rate;
  }

  async take(tenant: string, events: number): Promise<RateDecision> {
    if (!this.limiter || events === 0) return { allowed: true };
    try {
      await this.limiter.consume(tenant, events);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }
}
