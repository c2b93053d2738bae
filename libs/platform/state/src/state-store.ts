import type { Cluster, Redis } from 'ioredis';

export const STATE_STORE = Symbol('STATE_STORE');

/**
 * Partition-scoped state written as deltas: the correlator's window state (one hash per matches
 * partition, a batch rewriting only the fields it changed, fenced by the hash's revision) and its
 * rate rules' progress cursors. Keys are bounded by partitions and rules, not by traffic, so none
 * expires. Per-tenant documents (incidents, dedup windows, delivery log) use DocumentStore instead.
 */
export interface StateStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** All fields of a hash (none when absent) and its revision, read in one step. */
  getHash(key: string): Promise<StoredHash>;
  /**
   * Changes a hash in one atomic step: optionally clears it first, then sets and deletes fields.
   * Every write bumps the revision; with `ifRevision` the write happens only while the revision is
   * still that one, else nothing is applied and it throws StaleStateError. Returns the new revision.
   */
  writeHash(key: string, change: HashChange): Promise<number>;
}

export interface StoredHash {
  fields: Record<string, string>;
  /** 0 for a hash never written with a revision (absent, or written before revisions existed). */
  revision: number;
}

export interface HashChange {
  /** Drop every field before applying `set` (a full rewrite; the revision still only goes up). */
  replace?: boolean;
  set: Record<string, string>;
  delete: string[];
  /** Optimistic concurrency: the revision this writer read or last wrote. */
  ifRevision?: number;
}

/**
 * A conditional hash write lost: another writer changed the hash since this one read it (e.g. a
 * replica that kept processing a partition past its session timeout). Retriable: read again.
 */
export class StaleStateError extends Error {
  readonly retriable = true;

  constructor(
    readonly key: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`state ${key} is at revision ${actualRevision}, not ${expectedRevision}: another writer changed it (fenced)`);
    this.name = 'StaleStateError';
  }
}

/** WARNING: durable state; the hash field holding the revision. Callers' fields may not use the name. */
export const REVISION_FIELD = '#revision';

function checkFields(key: string, change: HashChange): void {
  if (Object.hasOwn(change.set, REVISION_FIELD) || change.delete.includes(REVISION_FIELD)) {
    throw new Error(`hash write of ${key} names the reserved field ${REVISION_FIELD}`);
  }
}

/** Arguments per HSET/HDEL call in the script: Lua's unpack() is bounded by its C stack (8,000). */
const SCRIPT_CHUNK = 2000;

/**
 * KEYS[1]: the hash. ARGV: revision field, expected revision ('' for any), replace ('1' or '0'),
 * number of fields to set, their field/value pairs, then the fields to delete.
 * Replies {1, new revision}, or {0, current revision} when the expected one is not current.
 */
const WRITE_HASH_SCRIPT = `
local key = KEYS[1]
local current = tonumber(redis.call('HGET', key, ARGV[1]) or '0')
if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then return {0, current} end
if ARGV[3] == '1' then redis.call('DEL', key) end
local chunk = ${SCRIPT_CHUNK}
local pairsEnd = 4 + 2 * tonumber(ARGV[4])
for i = 5, pairsEnd, chunk do redis.call('HSET', key, unpack(ARGV, i, math.min(i + chunk - 1, pairsEnd))) end
for i = pairsEnd + 1, #ARGV, chunk do redis.call('HDEL', key, unpack(ARGV, i, math.min(i + chunk - 1, #ARGV))) end
redis.call('HSET', key, ARGV[1], current + 1)
return {1, current + 1}
`;

const WRITE_HASH_COMMAND = 'quellWriteHash';

type WriteHashCommand = (key: string, ...args: string[]) => Promise<[number, number]>;

/** WARNING: keys are `<prefix><key>`; changing the prefix silently forgets all state. */
export class RedisStateStore implements StateStore {
  private readonly writeHashCommand: WriteHashCommand;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {
    // defineCommand loads the script once per connection (EVALSHA, EVAL on a miss); one key, so valid on a cluster.
    redis.defineCommand(WRITE_HASH_COMMAND, { numberOfKeys: 1, lua: WRITE_HASH_SCRIPT });
    const command = (redis as unknown as Record<string, WriteHashCommand>)[WRITE_HASH_COMMAND];
    this.writeHashCommand = command.bind(redis);
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(this.prefix + key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.redis.set(this.prefix + key, value);
  }

  async getHash(key: string): Promise<StoredHash> {
    const { [REVISION_FIELD]: revision, ...fields } = await this.redis.hgetall(this.prefix + key);
    return { fields, revision: Number(revision ?? 0) };
  }

  /** One script on one key: atomic (no other command runs between the check and the write). */
  async writeHash(key: string, change: HashChange): Promise<number> {
    checkFields(key, change);
    const set = Object.entries(change.set);
    const args = [REVISION_FIELD, change.ifRevision === undefined ? '' : String(change.ifRevision), change.replace ? '1' : '0', String(set.length)];
    for (const [field, value] of set) args.push(field, value);
    for (const field of change.delete) args.push(field);
    const [applied, revision] = await this.writeHashCommand(this.prefix + key, ...args);
    if (applied !== 1) throw new StaleStateError(key, change.ifRevision ?? -1, revision);
    return revision;
  }
}

/** The all-in-one and unit-test store: the same contract, gone with the process. */
export class InMemoryStateStore implements StateStore {
  private readonly values = new Map<string, string>();
  private readonly hashes = new Map<string, { fields: Map<string, string>; revision: number }>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async getHash(key: string): Promise<StoredHash> {
    const hash = this.hashes.get(key);
    return { fields: Object.fromEntries(hash?.fields ?? []), revision: hash?.revision ?? 0 };
  }

  async writeHash(key: string, change: HashChange): Promise<number> {
    // Synchronous, so atomic for any reader; changed in place so the cost follows the change, not the hash.
    checkFields(key, change);
    const hash = this.hashes.get(key) ?? { fields: new Map<string, string>(), revision: 0 };
    if (change.ifRevision !== undefined && change.ifRevision !== hash.revision) throw new StaleStateError(key, change.ifRevision, hash.revision);
    if (change.replace) hash.fields.clear();
    for (const [field, value] of Object.entries(change.set)) hash.fields.set(field, value);
    for (const field of change.delete) hash.fields.delete(field);
    // Kept when no field is left: a revision that went back to 0 would let a stale writer through.
    hash.revision++;
    this.hashes.set(key, hash);
    return hash.revision;
  }
}
