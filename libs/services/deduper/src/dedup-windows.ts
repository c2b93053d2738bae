import { observeOccurrences, type DedupObservation, type DedupRules, type DedupWindow, type Occurrence } from '@quell/dedup';
import { updateDocuments, type DocumentStore, type StoredDocument } from '@quell/platform-state';

export interface FingerprintOccurrence extends Occurrence {
  tenant: string;
  fingerprint: string;
}

/** WARNING: durable state; the document key of a fingerprint's window. Changing it reopens every window. */
export function dedupWindowKey(fingerprint: string): string {
  return `dedup:${fingerprint}`;
}

/**
 * Dedup windows shared by every replica: the semantics are @quell/dedup's pure fold, the
 * atomicity is the document store's version check. A batch costs one read and one write round
 * trip; a fingerprint another replica changed in between is read and folded again. A document
 * lives as long as it can still matter (its window, or the flap window), renewed by each counted
 * occurrence, so Redis holds only recently seen fingerprints.
 */
export class DedupWindows {
  constructor(
    private readonly store: DocumentStore,
    private readonly rules: DedupRules,
  ) {}

  private get ttlMs(): number {
    return this.rules.flapReturns > 0 ? Math.max(this.rules.windowMs, this.rules.flapWindowMs) : this.rules.windowMs;
  }

  /** One observation per occurrence, in order; occurrences of one fingerprint see each other's counts. */
  async observe(occurrences: readonly FingerprintOccurrence[]): Promise<DedupObservation[]> {
    const groups = new Map<string, { tenant: string; fingerprint: string; positions: number[] }>();
    occurrences.forEach(({ tenant, fingerprint }, position) => {
      const id = `${tenant}\u0000${fingerprint}`;
      const group = groups.get(id) ?? { tenant, fingerprint, positions: [] };
      group.positions.push(position);
      groups.set(id, group);
    });
    const updates = [...groups.values()].map((group) => ({
      ref: { tenant: group.tenant, key: dedupWindowKey(group.fingerprint) },
      decide: (current: StoredDocument<DedupWindow> | null) => {
        const { window, observations, counted } = observeOccurrences(current?.value ?? null, group.positions.map((position) => occurrences[position]), this.rules);
        // Written (and its time to live renewed) only when something was counted: a redelivery does not keep a window open.
        return { result: observations, write: counted && window ? { value: window, ttlMs: this.ttlMs } : undefined };
      },
    }));
    const results = await updateDocuments<DedupWindow, DedupObservation[]>(this.store, updates);
    const observed = new Array<DedupObservation>(occurrences.length);
    [...groups.values()].forEach((group, g) => group.positions.forEach((position, i) => (observed[position] = results[g][i])));
    return observed;
  }
}
