import { TenantRateLimiter } from './tenant-rate-limiter';

describe('TenantRateLimiter', () => {
  it('allows the rate plus the burst per tenant, then refuses with a wait', async () => {
    const limiter = new TenantRateLimiter(5, 3);
    expect(await limiter.take('a', 5)).toEqual({ allowed: true });
    expect(await limiter.take('a', 3)).toEqual({ allowed: true });
    const refused = await limiter.take('a', 1);
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await limiter.take('b', 5)).toEqual({ allowed: true });
    expect(limiter.maxPerRequest).toBe(5);
  });

  it('is off at rate 0', async () => {
    const limiter = new TenantRateLimiter(0, 0);
    expect(await limiter.take('a', 1_000_000)).toEqual({ allowed: true });
    expect(limiter.maxPerRequest).toBe(Infinity);
  });
});
