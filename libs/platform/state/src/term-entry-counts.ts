import { indexTermId } from './document-checks';

/**
 * How many index entries each term has in the state file, counted from the file the first time a
 * term is asked about and then kept by the writer, which adds every entry it inserts or removes, so
 * a new listing checks maxIndexMembers without counting the term's entries again. That count grew
 * with the term, and an entity shared by many open incidents (a service account, a scanner's
 * address) is such a term: a put listing a document beside 100 / 1,000 / 9,000 others cost 126 /
 * 258 / 754 µs counting, 56 / 52 / 54 with the counts kept (tools/bench/state-stores.ts, each put
 * committed alone).
 *
 * The counts are memory beside the file: whoever undoes writes (a rolled-back change or group)
 * must `forget()` them, and past `maxTerms` terms they are all forgotten and counted again as asked.
 */
export class TermEntryCounts {
  /** tenant → index and term (indexTermId) → entries. */
  private readonly counts = new Map<string, Map<string, number>>();
  private terms = 0;

  constructor(
    private readonly countInFile: (tenant: string, index: string, term: string) => number,
    private readonly maxTerms = 100_000,
  ) {}

  entries(tenant: string, index: string, term: string): number {
    const id = indexTermId(index, term);
    const known = this.counts.get(tenant)?.get(id);
    if (known !== undefined) return known;
    if (this.terms >= this.maxTerms) this.forget();
    const counted = this.countInFile(tenant, index, term);
    let ofTenant = this.counts.get(tenant);
    if (!ofTenant) this.counts.set(tenant, (ofTenant = new Map()));
    ofTenant.set(id, counted);
    this.terms += 1;
    return counted;
  }

  /** `change` entries were inserted (positive) or removed (negative); a term not counted yet stays uncounted. */
  changed(tenant: string, index: string, term: string, change: number): void {
    if (change === 0) return;
    const ofTenant = this.counts.get(tenant);
    const id = indexTermId(index, term);
    const known = ofTenant?.get(id);
    if (ofTenant && known !== undefined) ofTenant.set(id, known + change);
  }

  forget(): void {
    this.counts.clear();
    this.terms = 0;
  }
}
