import type { Event } from '@quell/contracts';
import type { FirstSeenRule } from './anomaly-rule';
import { buildFirstSeenAlert, type AnomalyAlert } from './anomaly-alert';
import { attributeOf, matchesFilter } from './event-attributes';
import { KnownPairs } from './known-pairs';

/** One (entity, value) pair of a rule as it occurs in a batch. */
export interface PairCandidate {
  rule: FirstSeenRule;
  tenant: string;
  entity: string;
  value: string;
  /** Time of the pair's earliest event in the batch. */
  firstTime: number;
  lastTime: number;
  count: number;
  /** Bounded sample, earliest event first. */
  eventIds: string[];
}

/**
 * The history port: for each asked pair, the latest time it occurs in history at or after the
 * candidate's lookback start, leaving out the batch's own events (the history writer may already
 * have stored them). One call per batch, whatever the number of pairs and rules.
 */
export interface PairHistory {
  lastSeen(candidates: readonly PairCandidate[], batchEventIds: readonly string[]): Promise<Map<string, number>>;
}

export function pairKey(ruleId: string, tenant: string, entity: string, value: string): string {
  return [ruleId, tenant, entity, value].join('\u0000');
}

export const candidateKey = (c: PairCandidate): string => pairKey(c.rule.id, c.tenant, c.entity, c.value);

/** The pairs of each rule in a batch, one candidate per distinct pair (so a pair new to the batch alerts once). */
export function collectCandidates(rules: readonly FirstSeenRule[], events: readonly Event[], sampleSize: number): PairCandidate[] {
  const byKey = new Map<string, PairCandidate>();
  const ordered = [...events].sort((a, b) => a.time - b.time);
  for (const rule of rules) {
    for (const event of ordered) {
      if (rule.tenants.length > 0 && !rule.tenants.includes(event.tenant)) continue;
      if (!matchesFilter(event, rule.filter)) continue;
      const entity = attributeOf(event, rule.entity);
      const value = attributeOf(event, rule.value);
      if (entity === undefined || value === undefined) continue;
      const key = pairKey(rule.id, event.tenant, entity, value);
      const known = byKey.get(key);
      if (known) {
        known.lastTime = event.time;
        known.count += 1;
        if (known.eventIds.length < sampleSize) known.eventIds.push(event.id);
      } else {
        byKey.set(key, { rule, tenant: event.tenant, entity, value, firstTime: event.time, lastTime: event.time, count: 1, eventIds: [event.id] });
      }
    }
  }
  return [...byKey.values()];
}

export interface FirstSeenOptions {
  /** Pairs held in memory as known (default 100,000). */
  cacheSize?: number;
  /** Event ids carried on an alert (default 10). */
  sampleSize?: number;
}

/**
 * First-seen values per batch: pairs the cache knows cost nothing, the rest are looked up in one
 * history query, and each pair absent from its lookback raises one alert for the batch.
 *
 * Only pairs history vouches for are cached, never a pair that just alerted: if the batch's
 * alerts are lost (publish failed, batch redelivered) the retry raises them again, with the same
 * ids. Once the history writer has stored the pair's events, the next lookup caches it.
 */
export class FirstSeenEvaluator {
  private readonly known: KnownPairs;
  private readonly sampleSize: number;

  constructor(
    private readonly rules: readonly FirstSeenRule[],
    private readonly history: PairHistory,
    options: FirstSeenOptions = {},
  ) {
    this.known = new KnownPairs(options.cacheSize ?? 100_000);
    this.sampleSize = options.sampleSize ?? 10;
  }

  /** How many pairs the cache holds (for metrics and tests). */
  get cachedPairs(): number {
    return this.known.size;
  }

  async evaluate(events: readonly Event[]): Promise<AnomalyAlert[]> {
    if (this.rules.length === 0 || events.length === 0) return [];
    const candidates = collectCandidates(this.rules, events, this.sampleSize);
    const unknown = candidates.filter((c) => {
      const key = candidateKey(c);
      const knownNow = this.known.seenSince(key, c.firstTime - c.rule.lookbackMs);
      if (knownNow) this.known.remember(key, c.lastTime);
      return !knownNow;
    });
    if (unknown.length === 0) return [];
    const seen = await this.history.lastSeen(
      unknown,
      events.map((e) => e.id),
    );
    const alerts: AnomalyAlert[] = [];
    for (const c of unknown) {
      const key = candidateKey(c);
      const last = seen.get(key);
      if (last === undefined || last < c.firstTime - c.rule.lookbackMs) alerts.push(buildFirstSeenAlert(c, last));
      else this.known.remember(key, Math.max(last, c.lastTime));
    }
    return alerts;
  }
}
