import type { Cluster, Redis } from 'ioredis';

export const STATE_STORE = Symbol('STATE_STORE');

/** Small durable key-value state a service keeps between records (incidents, delivery log). */
export interface StateStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Sets only when absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  /** All fields of a hash (empty when absent). */
  getHash(key: string): Promise<Record<string, string>>;
  /** Changes a hash in one atomic step: optionally clears it first, then sets and deletes fields. */
  writeHash(key: string, change: HashChange): Promise<void>;
}

export interface HashChange {
  /** Drop every field before applying `set` (a full rewrite). */
  replace?: boolean;
  set: Record<string, string>;
  delete: string[];
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

  getHash(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.prefix + key);
  }

  /** One MULTI on one key: atomic, and valid on a cluster. */
  async writeHash(key: string, change: HashChange): Promise<void> {
    const multi = this.redis.multi();
    if (change.replace) multi.del(this.prefix + key);
    if (Object.keys(change.set).length > 0) multi.hset(this.prefix + key, change.set);
    if (change.delete.length > 0) multi.hdel(this.prefix + key, ...change.delete);
    const replies = await multi.exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error(`hash write of ${key} was aborted`);
  }
}

/** The all-in-one and unit-test store: the same contract, gone with the process. */
export class InMemoryStateStore implements StateStore {
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private readonly hashes = new Map<string, Map<string, string>>();

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

  async getHash(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.hashes.get(key) ?? []);
  }

  async writeHash(key: string, change: HashChange): Promise<void> {
    // Synchronous, so atomic for any reader; changed in place so the cost follows the change, not the hash.
    const hash = (!change.replace && this.hashes.get(key)) || new Map<string, string>();
    for (const [field, value] of Object.entries(change.set)) hash.set(field, value);
    for (const field of change.delete) hash.delete(field);
    if (hash.size === 0) this.hashes.delete(key);
    else this.hashes.set(key, hash);
  }
}
