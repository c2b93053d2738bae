import type { Incident } from './generated/types';

/** The Incident v3 fields a new incident starts without (fresh arrays and maps each call). */
export function emptyIncidentParts(): Pick<
  Incident,
  'occurrenceCount' | 'ruleIds' | 'techniques' | 'priorityFactors' | 'priorityReason' | 'relatedChanges' | 'resolution' | 'resolvedAt' | 'mergedInto' | 'tickets'
> {
  return {
    occurrenceCount: 0,
    ruleIds: [],
    techniques: [],
    priorityFactors: [],
    priorityReason: null,
    relatedChanges: [],
    resolution: null,
    resolvedAt: null,
    mergedInto: null,
    tickets: {},
  };
}
