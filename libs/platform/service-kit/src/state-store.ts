import type { Cluster, Redis } from 'ioredis';

export const STATE_STORE = Symbol('STATE_STORE');

/** Small durable key-value state a service keeps between records (incidents, delivery log). */
export interface StateStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Sets only when absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
}

/** WARNING: keys are `<prefix><key>`; changing the prefix silently forgets all state. */
export class RedisStateStore implements StateStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {}

  get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.redis.set(this.prefix + key, value);
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const reply = ttlMs
      ? await this.redis.set(this.prefix + key, value, 'PX', ttlMs, 'NX')
      : await this.redis.set(this.prefix + key, value, 'NX');
    return reply === 'OK';
  }
}

/** The all-in-one and unit-test store: the same contract, gone with the process. */
export class InMemoryStateStore implements StateStore {
  private readonly values = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<string | null> {
    const entry = this.values.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, { value, expiresAt: Infinity });
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if ((await this.get(key)) !== null) return false;
    this.values.set(key, { value, expiresAt: ttlMs ? this.now() + ttlMs : Infinity });
    return true;
  }
}
