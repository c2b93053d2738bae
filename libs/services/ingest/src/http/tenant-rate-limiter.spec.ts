import { TenantRateLimiter, type RateDecision, type RateReceipt } from './tenant-rate-limiter';

function receiptOf(decision: RateDecision): RateReceipt {
  if (!decision.allowed) throw new Error(`refused: retry in ${decision.retryAfterSeconds} s`);
  return decision.receipt;
}

describe('TenantRateLimiter', () => {
  it('allows the rate plus the burst per tenant, then refuses with a wait', async () => {
    const limiter = new TenantRateLimiter(5, 3);
    expect(await limiter.take('a', 5)).toMatchObject({ allowed: true });
    expect(await limiter.take('a', 3)).toMatchObject({ allowed: true });
    const refused = await limiter.take('a', 1);
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await limiter.take('b', 5)).toMatchObject({ allowed: true });
    expect(limiter.maxPerRequest).toBe(5);
  });

  it('is off at rate 0', async () => {
    const limiter = new TenantRateLimiter(0, 0);
    const decision = await limiter.take('a', 1_000_000);
    expect(decision).toMatchObject({ allowed: true });
    await receiptOf(decision).giveBack();
    expect(limiter.maxPerRequest).toBe(Infinity);
  });

  describe('giving events back (the clock is jest\'s fake one, which the limiter\'s windows read too)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('restores what the request took, and only that', async () => {
      const limiter = new TenantRateLimiter(5, 0);
      const first = receiptOf(await limiter.take('a', 3));
      receiptOf(await limiter.take('a', 2));
      await first.giveBack();
      expect(await limiter.take('a', 3)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 1)).toMatchObject({ allowed: false });
    });

    it('never raises a budget above its size: once per receipt, and not once its window has ended', async () => {
      const limiter = new TenantRateLimiter(5, 0);
      const twice = receiptOf(await limiter.take('a', 5));
      await twice.giveBack();
      await twice.giveBack();
      expect(await limiter.take('a', 5)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 1)).toMatchObject({ allowed: false });

      const late = receiptOf(await limiter.take('b', 5));
      jest.advanceTimersByTime(1_000);
      await late.giveBack();
      expect(await limiter.take('b', 5)).toMatchObject({ allowed: true });
      expect(await limiter.take('b', 1)).toMatchObject({ allowed: false });
    });

    it('gives a request that dipped into the burst back to both budgets', async () => {
      const limiter = new TenantRateLimiter(5, 3);
      receiptOf(await limiter.take('a', 5));
      const burst = receiptOf(await limiter.take('a', 3));
      await burst.giveBack();
      expect(await limiter.take('a', 3)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 1)).toMatchObject({ allowed: false });
    });

    it('gives the burst back while its 10 s window lasts, after the per-second window has ended', async () => {
      const limiter = new TenantRateLimiter(5, 3);
      receiptOf(await limiter.take('a', 5));
      const burst = receiptOf(await limiter.take('a', 3));
      jest.advanceTimersByTime(1_500);
      await burst.giveBack();
      // A new second: 5 from the per-second budget, then the 3 given back to the burst budget, no more.
      expect(await limiter.take('a', 5)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 3)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 3)).toMatchObject({ allowed: false });
    });

    it('gives a request the per-second budget took whole back to that budget alone', async () => {
      const limiter = new TenantRateLimiter(5, 3);
      receiptOf(await limiter.take('a', 5));
      receiptOf(await limiter.take('a', 3));
      jest.advanceTimersByTime(1_500);
      const perSecondOnly = receiptOf(await limiter.take('a', 5));
      await perSecondOnly.giveBack();
      expect(await limiter.take('a', 5)).toMatchObject({ allowed: true });
      expect(await limiter.take('a', 1)).toMatchObject({ allowed: false });
    });
  });
});
