import type { Event } from '@quell/contracts';
import { DEFAULT_INTEL_FIELDS, IntelFieldSpec, observablesOf } from './event-observables';
import { Indicator, IndicatorKind, Severity, validAt, Watchlist } from './indicator';
import { NetworkTable } from './network-table';
import { normalizeDomain, normalizeIp, normalizeUser } from './normalize-indicator';

/** An event value found in a watchlist. */
export interface IntelHit {
  list: string;
  /** The indicator as the list holds it (normalized), e.g. `10.0.0.0/8` or `*.evil.example`. */
  indicator: string;
  kind: IndicatorKind;
  /** Where in the event the value was found: `src.ip`, `user.name` or an `original` key. */
  field: string;
  /** The event's value that matched (normalized; the host for a URL). */
  value: string;
  description?: string;
  /** The indicator's severity, else the list's. */
  severity?: Severity;
  stixId?: string;
  source?: string;
}

/** A list entry as the index holds it. */
export interface IndexedIndicator {
  list: string;
  indicator: Indicator;
  severity?: Severity;
}

export interface WatchlistSummary {
  name: string;
  description?: string;
  severity?: Severity;
  indicators: number;
  errors: number;
}

/**
 * Every loaded watchlist, indexed for lookups that do not grow with the list sizes: Maps keyed by
 * the normalized value, domain suffixes walked label by label for `*.name` entries, and a
 * per-prefix-length table for addresses and CIDR networks. Immutable once built.
 */
export class WatchlistIndex {
  private readonly networks = new NetworkTable<IndexedIndicator>();
  private readonly domains = new Map<string, IndexedIndicator[]>();
  private readonly domainsWithSubdomains = new Map<string, IndexedIndicator[]>();
  private readonly hashes = new Map<string, IndexedIndicator[]>();
  private readonly users = new Map<string, IndexedIndicator[]>();
  readonly lists: readonly WatchlistSummary[];
  private readonly byList: ReadonlyMap<string, Watchlist>;

  constructor(
    watchlists: readonly Watchlist[],
    private readonly fields: IntelFieldSpec = DEFAULT_INTEL_FIELDS,
  ) {
    this.byList = new Map(watchlists.map((list) => [list.name, list]));
    this.lists = watchlists.map((list) => ({
      name: list.name,
      ...(list.description ? { description: list.description } : {}),
      ...(list.severity ? { severity: list.severity } : {}),
      indicators: list.indicators.length,
      errors: list.errors.length,
    }));
    for (const list of watchlists) {
      for (const indicator of list.indicators) {
        const severity = indicator.severity ?? list.severity;
        this.add({ list: list.name, indicator, ...(severity ? { severity } : {}) });
      }
    }
  }

  static empty(): WatchlistIndex {
    return new WatchlistIndex([]);
  }

  private add(entry: IndexedIndicator): void {
    const { kind, value } = entry.indicator;
    if (kind === 'ip') this.networks.add(value, entry);
    else if (kind === 'domain') {
      if (value.startsWith('*.')) push(this.domainsWithSubdomains, value.slice(2), entry);
      else push(this.domains, value, entry);
    } else if (kind === 'hash') push(this.hashes, value, entry);
    else push(this.users, value, entry);
  }

  /** Lists with the given name, for placeholders and reporting. */
  watchlist(name: string): Watchlist | undefined {
    return this.byList.get(name);
  }

  get size(): number {
    return this.lists.reduce((sum, list) => sum + list.indicators, 0);
  }

  lookupIp(address: string): IndexedIndicator[] {
    const ip = normalizeIp(address);
    return ip && !ip.includes('/') ? this.networks.lookup(ip) : [];
  }

  /** Exact entries for the name, and `*.suffix` entries for the name and each parent domain. */
  lookupDomain(name: string): IndexedIndicator[] {
    const domain = normalizeDomain(name);
    return domain ? this.domainHits(domain) : [];
  }

  private domainHits(domain: string): IndexedIndicator[] {
    const out = [...(this.domains.get(domain) ?? NONE)];
    for (let suffix: string | undefined = domain; suffix; suffix = parentOf(suffix)) {
      const hits = this.domainsWithSubdomains.get(suffix);
      if (hits) out.push(...hits);
    }
    return out;
  }

  lookupHash(hash: string): IndexedIndicator[] {
    return this.hashes.get(hash.trim().toLowerCase()) ?? [];
  }

  lookupUser(name: string): IndexedIndicator[] {
    const user = normalizeUser(name);
    return user ? (this.users.get(user) ?? []) : [];
  }

  lookup(kind: IndicatorKind, value: string): IndexedIndicator[] {
    switch (kind) {
      case 'ip': return this.lookupIp(value);
      case 'domain': return this.lookupDomain(value);
      case 'hash': return this.lookupHash(value);
      case 'user': return this.lookupUser(value);
    }
  }

  /** For values already normalized (observables): no second normalization. */
  private lookupNormalized(kind: IndicatorKind, value: string): readonly IndexedIndicator[] {
    switch (kind) {
      case 'ip': return this.networks.lookup(value);
      case 'domain': return this.domainHits(value);
      case 'hash': return this.hashes.get(value) ?? NONE;
      case 'user': return this.users.get(value) ?? NONE;
    }
  }

  /** Watchlist hits of one event: one per (list, indicator, field), for indicators valid at the event's time. */
  matchEvent(event: Event): IntelHit[] {
    const hits: IntelHit[] = [];
    const seen = new Set<string>();
    for (const observable of observablesOf(event, this.fields)) {
      for (const entry of this.lookupNormalized(observable.kind, observable.value)) {
        if (!validAt(entry.indicator, event.time)) continue;
        const key = `${entry.list}\u0000${entry.indicator.value}\u0000${observable.field}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const { indicator } = entry;
        hits.push({
          list: entry.list,
          indicator: indicator.value,
          kind: indicator.kind,
          field: observable.field,
          value: observable.value,
          ...(indicator.description ? { description: indicator.description } : {}),
          ...(entry.severity ? { severity: entry.severity } : {}),
          ...(indicator.stixId ? { stixId: indicator.stixId } : {}),
          ...(indicator.source ? { source: indicator.source } : {}),
        });
      }
    }
    return hits;
  }
}

const NONE: readonly IndexedIndicator[] = [];

function parentOf(domain: string): string | undefined {
  const dot = domain.indexOf('.');
  return dot < 0 ? undefined : domain.slice(dot + 1);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
