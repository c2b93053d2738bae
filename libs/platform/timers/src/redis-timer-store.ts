import type { Cluster, Redis } from 'ioredis';
import { ACK_SCRIPT, CANCEL_SCRIPT, CLAIM_SCRIPT, PEEK_SCRIPT, RELEASE_SCRIPT, SCHEDULE_SCRIPT } from './timer-scripts';
import { timerShard } from './timer-shard';
import {
  checkedRequest,
  DEFAULT_TIMER_LIMITS,
  TimerCapacityError,
  type ClaimResult,
  type StoredTimer,
  type TimerLimits,
  type TimerRequest,
  type TimerStore,
} from './timer-store.port';

export interface RedisTimerStoreOptions {
  /** WARNING: durable state; keys are `{<prefix><shard>}:<role>`. A new prefix forgets every pending timer. */
  prefix: string;
  /**
   * WARNING: fixed for the life of a deployment. A key's shard is hash(key) mod shards; another
   * count sends cancel and reschedule of existing keys to the wrong shard.
   */
  shards?: number;
  limits?: TimerLimits;
}

export const DEFAULT_TIMER_SHARDS = 16;

type Script = (...keysAndArgs: string[]) => Promise<unknown>;
/** Each script with the number of shard keys it takes (see timer-scripts.ts). */
const SCRIPTS = {
  schedule: { lua: SCHEDULE_SCRIPT, keys: 5 },
  cancel: { lua: CANCEL_SCRIPT, keys: 4 },
  ack: { lua: ACK_SCRIPT, keys: 4 },
  release: { lua: RELEASE_SCRIPT, keys: 3 },
  claim: { lua: CLAIM_SCRIPT, keys: 3 },
  peek: { lua: PEEK_SCRIPT, keys: 2 },
};
type ScriptName = keyof typeof SCRIPTS;
const commandOf = <Name extends ScriptName>(name: Name): `quellTimer_${Name}` => `quellTimer_${name}`;
const PEEK_COMMAND = commandOf('peek');

/** An ioredis pipeline as seen through a command defined with defineCommand. */
type PipelineOf<Command extends string> = Record<Command, (...keysAndArgs: string[]) => unknown> & {
  exec(): Promise<[Error | null, unknown][] | null>;
};

interface ShardKeys {
  due: string;
  lease: string;
  entries: string;
  tenants: string;
  seq: string;
}

/**
 * Timers in Redis sorted sets with leases, spread over a fixed number of shards. All keys of one
 * shard share a hash tag, so each script is atomic on a cluster too; a tenant's cap is split evenly
 * over the shards (keys hash evenly, so a tenant reaches about its whole cap).
 */
export class RedisTimerStore implements TimerStore {
  private readonly shards: number;
  private readonly limits: TimerLimits;
  private readonly scripts: Record<ScriptName, Script>;
  private readonly capPerShard: number;
  /** Where the next claim starts, so that no shard is always served last. */
  private cursor = 0;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisTimerStoreOptions,
  ) {
    this.shards = options.shards ?? DEFAULT_TIMER_SHARDS;
    this.limits = options.limits ?? DEFAULT_TIMER_LIMITS;
    this.capPerShard = Math.ceil(this.limits.maxPerTenant / this.shards);
    const scripts = {} as Record<ScriptName, Script>;
    for (const [name, { lua, keys }] of Object.entries(SCRIPTS) as [ScriptName, { lua: string; keys: number }][]) {
      // defineCommand loads each script once per connection (EVALSHA, EVAL on a miss).
      const command = commandOf(name);
      redis.defineCommand(command, { numberOfKeys: keys, lua });
      scripts[name] = (redis as unknown as Record<string, Script>)[command].bind(redis);
    }
    this.scripts = scripts;
  }

  async schedule(request: TimerRequest): Promise<void> {
    const checked = checkedRequest(request, Date.now(), this.limits);
    const k = this.keysOf(checked.key);
    const fireId = await this.scripts.schedule(
      k.due, k.lease, k.entries, k.tenants, k.seq,
      checked.key, String(checked.dueAt), checked.kind, checked.payload, checked.tenant, String(this.capPerShard),
    );
    if (fireId === '') throw new TimerCapacityError(checked.tenant, this.limits.maxPerTenant);
  }

  async cancel(key: string): Promise<boolean> {
    const k = this.keysOf(key);
    return (await this.scripts.cancel(k.due, k.lease, k.entries, k.tenants, key)) === 1;
  }

  async get(key: string): Promise<StoredTimer | null> {
    const raw = await this.redis.hget(this.keysOf(key).entries, key);
    return raw === null ? null : parseEntry(raw);
  }

  /**
   * One round trip asks every shard when its next timer is claimable (PEEK_SCRIPT); the claim
   * script then runs only where one is due, starting at a rotating shard so that none is always
   * served last. Before, each claim ran the claim script on all 16 shards one after another, which
   * made a runner woken for each timer (the notifier's deliveries) pay 16 round trips per timer.
   */
  async claim(leaseMs: number, limit: number): Promise<ClaimResult> {
    const start = (this.cursor = (this.cursor + 1) % this.shards);
    const order = Array.from({ length: this.shards }, (_, i) => (start + i) % this.shards);
    const waits = await this.peek(order);
    const timers: StoredTimer[] = [];
    let nextInMs: number | undefined;
    for (const [i, shard] of order.entries()) {
      let wait = waits[i];
      if (wait === 0 && timers.length < limit) {
        const k = this.shardKeys(shard);
        const [next, ...entries] = (await this.scripts.claim(k.due, k.lease, k.entries, String(leaseMs), String(limit - timers.length))) as string[];
        for (const raw of entries) timers.push(parseEntry(raw));
        wait = next === '' ? undefined : Number(next);
      }
      if (wait !== undefined) nextInMs = Math.min(nextInMs ?? Infinity, wait);
    }
    return { timers, nextInMs };
  }

  async ack(key: string, fireId: string): Promise<boolean> {
    const k = this.keysOf(key);
    return (await this.scripts.ack(k.due, k.lease, k.entries, k.tenants, key, fireId)) === 1;
  }

  async release(key: string, fireId: string, delayMs: number): Promise<boolean> {
    const k = this.keysOf(key);
    return (await this.scripts.release(k.due, k.lease, k.entries, key, fireId, String(Math.max(0, Math.round(delayMs))))) === 1;
  }

  async size(): Promise<number> {
    const counts = await Promise.all(Array.from({ length: this.shards }, (_, shard) => this.redis.hlen(this.shardKeys(shard).entries)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /** Per shard of `order`, ms until its next timer is claimable (0: one is now), or undefined when it has none. */
  private async peek(order: number[]): Promise<(number | undefined)[]> {
    const keys = order.map((shard) => this.shardKeys(shard));
    let replies: unknown[];
    if (this.redis.isCluster) {
      // A cluster pipeline must stay on one node, and the shards are spread over all of them.
      replies = await Promise.all(keys.map((k) => this.scripts.peek(k.due, k.lease)));
    } else {
      // One write and one read for all shards.
      const pipeline = this.redis.pipeline() as unknown as PipelineOf<typeof PEEK_COMMAND>;
      for (const k of keys) pipeline[PEEK_COMMAND](k.due, k.lease);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed) throw failed[0];
      replies = results.map(([, reply]) => reply);
    }
    return replies.map((reply) => (reply === '' || reply === null || reply === undefined ? undefined : Number(reply)));
  }

  private keysOf(key: string): ShardKeys {
    return this.shardKeys(timerShard(key, this.shards));
  }

  private shardKeys(shard: number): ShardKeys {
    const tag = `{${this.options.prefix}${shard}}`;
    return { due: `${tag}:due`, lease: `${tag}:lease`, entries: `${tag}:entries`, tenants: `${tag}:tenants`, seq: `${tag}:seq` };
  }
}

function parseEntry(raw: string): StoredTimer {
  const entry = JSON.parse(raw) as Omit<StoredTimer, 'dueAt'> & { dueAt: string };
  return { ...entry, dueAt: Number(entry.dueAt) };
}
