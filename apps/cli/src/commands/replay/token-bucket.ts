/** Time as the pacing sees it: injected, so a spec counts what it lets through without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((done) => setTimeout(done, ms)) };

/**
 * Paces takers to `ratePerSec` tokens per second. The bucket holds a tenth of a second's worth
 * (at least one), so after a pause the sender bursts for at most 100 ms before it is paced again.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly clock: Clock,
  ) {
    this.capacity = Math.max(1, ratePerSec / 10);
    this.tokens = this.capacity;
    this.last = clock.now();
  }

  /** Resolves once one token is free, and takes it. */
  async take(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSec));
      this.refill();
    }
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.ratePerSec) / 1000);
    this.last = now;
  }
}
