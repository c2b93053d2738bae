import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ChannelRateLimit } from '@quell/notify';
import type { RedisClient } from '@quell/platform-redis';

/**
 * Sends per channel, shared by every replica when Redis is there (rate-limiter-flexible). A bucket
 * of `burst` sends refilled over burst / perMinute minutes: a burst goes out at once, then the
 * channel's rate holds. A refused send is not an attempt: its timer is moved to when room returns.
 */
export class ChannelRateLimits {
  private readonly limiters = new Map<string, { limit: ChannelRateLimit; limiter: RateLimiterAbstract }>();

  constructor(
    private readonly redis: RedisClient | null,
    /** WARNING: durable in Redis; the prefix of the channels' counters. */
    private readonly keyPrefix: string,
  ) {}

  /** 0 when the channel may send now (the send is counted), else the ms until it may. */
  async waitMs(channel: string, limit: ChannelRateLimit | null): Promise<number> {
    if (!limit) return 0;
    try {
      await this.limiterFor(channel, limit).consume(channel);
      return 0;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
      throw refusal;
    }
  }

  private limiterFor(channel: string, limit: ChannelRateLimit): RateLimiterAbstract {
    const known = this.limiters.get(channel);
    if (known && known.limit.perMinute === limit.perMinute && known.limit.burst === limit.burst) return known.limiter;
    // Whole seconds, as the library counts them: the window a burst takes to refill, at least 1 s.
    const duration = Math.max(1, Math.round((limit.burst * 60) / limit.perMinute));
    const points = Math.max(1, Math.round((limit.perMinute * duration) / 60));
    const options = { keyPrefix: `${this.keyPrefix}${channel}:${points}/${duration}`, points, duration };
    const limiter = this.redis ? new RateLimiterRedis({ ...options, storeClient: this.redis }) : new RateLimiterMemory(options);
    this.limiters.set(channel, { limit, limiter });
    return limiter;
  }
}
