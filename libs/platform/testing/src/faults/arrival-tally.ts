export interface Arrivals {
  /** Records counted (those `idOf` gave an id for). */
  records: number;
  /** Distinct ids among them. */
  distinct: number;
  /** Records beyond the first of their id. */
  duplicates: number;
  /** Expected ids that never arrived (when `expected` was given). */
  missing: string[];
  /** Ids that arrived but were not expected (when `expected` was given). */
  unexpected: string[];
}

/**
 * Counts what arrived by id: distinct ids, copies beyond the first, and, against the ids that were
 * sent, the missing and the unexpected. A copy with the same id is a redelivery the pipeline
 * tolerates; a missing id is a loss; an unexpected id (e.g. the same event under a new id) is a
 * duplicate that would count twice downstream.
 */
export function tallyArrivals<R>(records: readonly R[], idOf: (record: R) => string | undefined, expected?: Iterable<string>): Arrivals {
  const copies = new Map<string, number>();
  let counted = 0;
  for (const record of records) {
    const id = idOf(record);
    if (id === undefined) continue;
    counted += 1;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const wanted = expected ? new Set(expected) : undefined;
  return {
    records: counted,
    distinct: copies.size,
    duplicates: counted - copies.size,
    missing: wanted ? [...wanted].filter((id) => !copies.has(id)) : [],
    unexpected: wanted ? [...copies.keys()].filter((id) => !wanted.has(id)) : [],
  };
}
