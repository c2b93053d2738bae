import type { RedisClient } from '@quell/platform-redis';
import { checkDeleteVersion, checkIndexName, checkLimit, checkRef, prepareWrite, type PreparedWrite } from './document-checks';
import {
  DEFAULT_MAX_DOCUMENT_BYTES,
  DEFAULT_MAX_INDEX_MEMBERS,
  IndexCapacityError,
  StaleVersionError,
  type DocumentRef,
  type DocumentStore,
  type DocumentStoreLimits,
  type DocumentWrite,
  type ListedDocument,
  type PutOptions,
  type PutOutcome,
  type StoredDocument,
} from './document-store.port';
import { DELETE_SCRIPT, LIST_SCRIPT, PUT_SCRIPT } from './redis-document-scripts';

/**
 * Documents in Redis, shared by every replica. Each put, delete and listing is one Lua script, so
 * the version check, the write and the index maintenance happen with no other command between.
 *
 * WARNING: the key formats are durable state; changing them silently forgets every document:
 *   `<prefix>{<tenant>}:doc:<key>`             hash   v (JSON), n (version), x (its index-key suffixes)
 *   `<prefix>{<tenant>}:idx:<index>:<term>`    zset   member = document key, score = its expiry (epoch ms)
 * The braces are a cluster hash tag: all of a tenant's keys live in one slot, as the scripts require.
 * Bounded: a document expires ttlMs after its put; an index term holds at most maxIndexMembers
 * and expires with its longest-lived member; expired members are purged whenever the term is touched.
 */
export class RedisDocumentStore implements DocumentStore {
  private readonly maxIndexMembers: number;
  private readonly maxDocumentBytes: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    limits: DocumentStoreLimits = {},
  ) {
    if (/[{}]/.test(prefix)) throw new Error(`document store prefix "${prefix}" may not contain braces: they would change the cluster hash tag`);
    this.maxIndexMembers = limits.maxIndexMembers ?? DEFAULT_MAX_INDEX_MEMBERS;
    this.maxDocumentBytes = limits.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    // defineCommand loads each script once per connection (EVALSHA, EVAL on a miss); redefining is harmless.
    redis.defineCommand('quellDocumentPut', { lua: PUT_SCRIPT });
    redis.defineCommand('quellDocumentDelete', { numberOfKeys: 1, lua: DELETE_SCRIPT });
    redis.defineCommand('quellDocumentList', { numberOfKeys: 1, lua: LIST_SCRIPT });
  }

  async get<T>(ref: DocumentRef): Promise<StoredDocument<T> | null> {
    checkRef(ref);
    const [json, version] = await this.redis.hmget(this.documentKey(ref), 'v', 'n');
    return storedOf<T>(json, version);
  }

  async getMany<T>(refs: readonly DocumentRef[]): Promise<(StoredDocument<T> | null)[]> {
    refs.forEach(checkRef);
    const found = new Array<StoredDocument<T> | null>(refs.length).fill(null);
    await this.byTenant(refs, (ref) => ref, async (group) => {
      const pipeline = this.redis.pipeline();
      for (const { item } of group) pipeline.hmget(this.documentKey(item), 'v', 'n');
      const replies = (await pipeline.exec()) ?? [];
      group.forEach(({ at }, i) => {
        const [error, reply] = replies[i] ?? [new Error('no reply')];
        if (error) throw error;
        const [json, version] = reply as (string | null)[];
        found[at] = storedOf<T>(json, version);
      });
    });
    return found;
  }

  async put<T>(ref: DocumentRef, value: T, options: PutOptions): Promise<number> {
    const write = prepareWrite({ ref, value, options }, this.maxDocumentBytes);
    const outcome = this.outcomeOf(write, await this.redis.quellDocumentPut(...this.putArguments(write)));
    if (!outcome.ok) throw outcome.error;
    return outcome.version;
  }

  async putMany(writes: readonly DocumentWrite[]): Promise<PutOutcome[]> {
    const prepared = writes.map((write) => prepareWrite(write, this.maxDocumentBytes));
    const outcomes = new Array<PutOutcome>(prepared.length);
    await this.byTenant(prepared, (write) => write.ref, async (group) => {
      const pipeline = this.redis.pipeline();
      for (const { item } of group) pipeline.quellDocumentPut(...this.putArguments(item));
      const replies = (await pipeline.exec()) ?? [];
      group.forEach(({ item, at }, i) => {
        const [error, reply] = replies[i] ?? [new Error('no reply')];
        if (error) throw error;
        outcomes[at] = this.outcomeOf(item, reply as [number, number]);
      });
    });
    return outcomes;
  }

  async delete(ref: DocumentRef, options: { ifVersion?: number } = {}): Promise<boolean> {
    checkRef(ref);
    checkDeleteVersion(options.ifVersion);
    const expected = options.ifVersion === undefined ? '' : String(options.ifVersion);
    const [applied, version] = await this.redis.quellDocumentDelete(this.documentKey(ref), expected, ref.key, this.indexBase(ref.tenant));
    if (applied !== 1) throw new StaleVersionError(ref, options.ifVersion ?? -1, Number(version));
    return Number(version) > 0;
  }

  async listByIndex<T>(tenant: string, index: string, term: string, options: { limit: number }): Promise<ListedDocument<T>[]> {
    checkRef({ tenant, key: index });
    checkIndexName(index);
    checkLimit(options.limit);
    const reply = await this.redis.quellDocumentList(`${this.indexBase(tenant)}${index}:${term}`, `${this.tenantBase(tenant)}doc:`, options.limit);
    const listed: ListedDocument<T>[] = [];
    for (let i = 0; i + 2 < reply.length; i += 3) listed.push({ key: reply[i], value: JSON.parse(reply[i + 1]) as T, version: Number(reply[i + 2]) });
    return listed;
  }

  private putArguments(write: PreparedWrite): [number, ...(string | number)[]] {
    const { ref } = write;
    const suffixes = write.terms.map(([index, term]) => `${index}:${term}`);
    const indexBase = this.indexBase(ref.tenant);
    return [
      1 + suffixes.length,
      this.documentKey(ref),
      ...suffixes.map((suffix) => indexBase + suffix),
      write.ifVersion === undefined ? '' : String(write.ifVersion),
      write.json,
      write.ttlMs,
      ref.key,
      indexBase,
      this.maxIndexMembers,
      JSON.stringify(suffixes),
    ];
  }

  private outcomeOf(write: PreparedWrite, [status, detail]: [number, number]): PutOutcome {
    if (Number(status) === 1) return { ok: true, version: Number(detail) };
    if (Number(status) === 0) return { ok: false, error: new StaleVersionError(write.ref, write.ifVersion ?? -1, Number(detail)) };
    const [index, term] = write.terms[Number(detail) - 1];
    return { ok: false, error: new IndexCapacityError(write.ref, index, term, this.maxIndexMembers) };
  }

  /** Runs `run` once per tenant (one pipeline each, so a cluster sends each to the node of its slot), concurrently. */
  private async byTenant<I>(items: readonly I[], refOf: (item: I) => DocumentRef, run: (group: { item: I; at: number }[]) => Promise<void>): Promise<void> {
    const groups = new Map<string, { item: I; at: number }[]>();
    items.forEach((item, at) => {
      const tenant = refOf(item).tenant;
      const group = groups.get(tenant) ?? [];
      group.push({ item, at });
      groups.set(tenant, group);
    });
    await Promise.all([...groups.values()].map(run));
  }

  private tenantBase(tenant: string): string {
    return `${this.prefix}{${tenant}}:`;
  }

  private documentKey(ref: DocumentRef): string {
    return `${this.tenantBase(ref.tenant)}doc:${ref.key}`;
  }

  private indexBase(tenant: string): string {
    return `${this.tenantBase(tenant)}idx:`;
  }
}

function storedOf<T>(json: string | null | undefined, version: string | null | undefined): StoredDocument<T> | null {
  return json == null ? null : { value: JSON.parse(json) as T, version: Number(version) };
}
