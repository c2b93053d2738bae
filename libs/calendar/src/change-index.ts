import type { Change } from '@quell/contracts';
import { NetworkTable } from '@quell/intel';
import { GlobTable } from './glob-table';
import { isGlob } from './host-glob';
import type { ChangeQuery, ChangeHit, ChangeSource } from './change-source';
import { entityMatch, filtersMatch } from './scope-match';
import type { ScopeSubject } from './scope-subject';
import { occurrencesOverlapping, type Occurrence } from './window-occurrences';

export interface ChangeIndexOptions {
  /** How far before `now` occurrences are kept expanded (the related-changes lookback, late alerts). */
  lookbackMs: number;
  /** How far after `now` occurrences are expanded; advance() rolls it forward. */
  horizonMs: number;
}

/** Statuses the index holds: approved changes screen alerts, completed ones are still related context. */
const INDEXED_STATUSES = new Set(['approved', 'completed']);

interface Entry {
  change: Change;
  /** False once replaced or removed; bucket entries of a dead change are skipped until re-filed. */
  live: boolean;
  /** Occurrences within the expanded horizon, sorted by start. */
  occurrences: Occurrence[];
  longest: number;
}

interface TenantBuckets {
  hosts: Map<string, Entry[]>;
  globs: GlobTable<Entry>;
  networks: NetworkTable<Entry>;
  services: Map<string, Entry[]>;
  tags: Map<string, Entry[]>;
  stale: number;
}

/**
 * "Which changes are active for this entity at time T", without scanning every change: per tenant,
 * exact host names, service and tag names in maps, host globs in a GlobTable, IPs and CIDRs in a
 * NetworkTable; each change carries its occurrences over a rolling horizon, sorted, searched by
 * bisection. A time outside the horizon (a very late alert) is answered by expanding the candidate
 * changes for that instant, so the horizon is a cache, never a blind spot.
 */
export class ChangeIndex implements ChangeSource {
  private readonly byId = new Map<string, Entry>();
  private readonly tenants = new Map<string, TenantBuckets>();
  private from = 0;
  private to = 0;
  /**
   * Changes whose recurrence the library refused to expand (it caps its own work), by id, with the
   * reason. They match nothing until fixed: the service reports them (metric, log) rather than the
   * whole index failing. Validation keeps such rules out of new changes.
   */
  readonly unexpandable = new Map<string, string>();

  constructor(private readonly options: ChangeIndexOptions) {}

  get size(): number {
    return this.byId.size;
  }

  /** Replaces the whole index (e.g. after replaying the compacted changes topic). */
  rebuild(changes: Iterable<Change>, now: number): void {
    this.byId.clear();
    this.tenants.clear();
    this.unexpandable.clear();
    this.setHorizon(now);
    for (const change of changes) this.upsert(change);
  }

  /** Adds or replaces a change; an older version than the one held is ignored, a cancelled one leaves. */
  upsert(change: Change): void {
    const current = this.byId.get(change.id);
    if (current && current.change.version > change.version) return;
    if (current) this.retire(current);
    if (!INDEXED_STATUSES.has(change.status)) return;
    const entry = this.entryOf(change);
    this.byId.set(change.id, entry);
    this.file(entry);
  }

  remove(changeId: string): void {
    const current = this.byId.get(changeId);
    if (current) this.retire(current);
  }

  /** Rolls the horizon forward once `now` has used half of it, re-expanding recurring changes. */
  advance(now: number): void {
    if (now + this.options.horizonMs / 2 < this.to) return;
    this.setHorizon(now);
    for (const entry of this.byId.values()) {
      if (entry.change.windows.some((w) => w.rrule)) Object.assign(entry, this.expand(entry.change));
    }
  }

  /** Changes with an occurrence holding `at` whose scope matches the subject. */
  activeAt(tenant: string, subject: ScopeSubject, at: number): ChangeHit[] {
    return this.overlapping(tenant, subject, { from: at, to: at + 1 });
  }

  overlapping(tenant: string, subject: ScopeSubject, query: ChangeQuery): ChangeHit[] {
    const hits: ChangeHit[] = [];
    for (const entry of this.candidates(tenant, subject)) {
      if (!query.entitiesOnly && !filtersMatch(entry.change.scope, subject)) continue;
      const occurrence = this.occurrenceIn(entry, query.from, query.to);
      const match = occurrence && entityMatch(entry.change.scope, subject);
      if (occurrence && match) hits.push({ change: entry.change, occurrence, match });
    }
    return hits;
  }

  private candidates(tenant: string, subject: ScopeSubject): Set<Entry> {
    const buckets = this.tenants.get(tenant);
    const found = new Set<Entry>();
    if (!buckets) return found;
    const add = (entries: Iterable<Entry> | undefined) => {
      if (entries) for (const entry of entries) if (entry.live) found.add(entry);
    };
    for (const host of subject.hosts) {
      add(buckets.hosts.get(host));
      add(buckets.globs.lookup(host));
    }
    for (const ip of subject.ips) add(buckets.networks.lookup(ip));
    for (const service of subject.services) add(buckets.services.get(service));
    for (const tag of subject.tags) add(buckets.tags.get(tag));
    return found;
  }

  /** The latest-starting occurrence overlapping [from, to). */
  private occurrenceIn(entry: Entry, from: number, to: number): Occurrence | null {
    if (from < this.from || to > this.to) {
      if (this.unexpandable.has(entry.change.id)) return null;
      return this.occurrencesOf(entry.change, from, to).sort((a, b) => b.start - a.start)[0] ?? null;
    }
    const list = entry.occurrences;
    // First occurrence starting at or after `to`; every candidate lies before it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].start < to) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && list[i].start > from - entry.longest; i--) if (list[i].end > from) return list[i];
    return null;
  }

  private setHorizon(now: number): void {
    this.from = now - this.options.lookbackMs;
    this.to = now + this.options.horizonMs;
  }

  private entryOf(change: Change): Entry {
    return { change, live: true, ...this.expand(change) };
  }

  private expand(change: Change): Pick<Entry, 'occurrences' | 'longest'> {
    const occurrences = this.occurrencesOf(change, this.from, this.to, true).sort((a, b) => a.start - b.start);
    return { occurrences, longest: occurrences.reduce((max, o) => Math.max(max, o.end - o.start), 0) };
  }

  /**
   * Occurrences overlapping [from, to); with `oneOffWhole`, a one-off window is kept whatever the
   * range (it is one occurrence, and the horizon rolls over it later without a re-expansion).
   */
  private occurrencesOf(change: Change, from: number, to: number, oneOffWhole = false): Occurrence[] {
    try {
      const occurrences = change.windows.flatMap((w) =>
        oneOffWhole && !w.rrule ? [{ start: w.start, end: w.end }] : occurrencesOverlapping(w, from, to),
      );
      this.unexpandable.delete(change.id);
      return occurrences;
    } catch (error) {
      this.unexpandable.set(change.id, error instanceof Error ? error.message : String(error));
      return [];
    }
  }

  private file(entry: Entry): void {
    const buckets = this.bucketsOf(entry.change.tenant);
    const scope = entry.change.scope;
    for (const host of scope.hosts) {
      if (isGlob(host)) buckets.globs.add(host, entry);
      else push(buckets.hosts, host.toLowerCase(), entry);
    }
    for (const ip of scope.ips) buckets.networks.add(ip, entry);
    for (const service of scope.services) push(buckets.services, service.toLowerCase(), entry);
    for (const tag of scope.tags) push(buckets.tags, tag.toLowerCase(), entry);
  }

  /** Drops a change; its bucket entries go stale and are skipped until the tenant is re-filed. */
  private retire(entry: Entry): void {
    entry.live = false;
    this.unexpandable.delete(entry.change.id);
    this.byId.delete(entry.change.id);
    const buckets = this.tenants.get(entry.change.tenant);
    if (!buckets) return;
    buckets.stale++;
    if (buckets.stale > 1_000 && buckets.stale > this.byId.size) this.refile(entry.change.tenant);
  }

  private refile(tenant: string): void {
    this.tenants.delete(tenant);
    for (const entry of this.byId.values()) if (entry.change.tenant === tenant) this.file(entry);
  }

  private bucketsOf(tenant: string): TenantBuckets {
    let buckets = this.tenants.get(tenant);
    if (!buckets) {
      buckets = { hosts: new Map(), globs: new GlobTable(), networks: new NetworkTable(), services: new Map(), tags: new Map(), stale: 0 };
      this.tenants.set(tenant, buckets);
    }
    return buckets;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
