import { Inject, Injectable } from '@nestjs/common';
import { INCIDENT_HISTORY, type IncidentHistory } from '@quell/platform-incident-history';
import { problem } from '@quell/platform-http';
import { explainSimilarity, SIMILARITY_METHOD, type ExplainedSimilarIncident } from './similarity-explanation';

export interface SimilarIncidentsAnswer {
  incidentId: string;
  /** What the incident was compared on: its latest stored version's rules, techniques and entities. */
  compared: { ruleIds: readonly string[]; techniques: readonly string[]; entities: string[] };
  method: typeof SIMILARITY_METHOD;
  similar: ExplainedSimilarIncident[];
}

/**
 * The resolved incidents of a tenant most like one incident, at query time from the incident
 * history: the incident's latest stored version (so a new incident, or one whose rules changed,
 * is compared as it is now) against every resolved or closed one.
 */
@Injectable()
export class SimilarIncidents {
  constructor(@Inject(INCIDENT_HISTORY) private readonly history: IncidentHistory) {}

  async of(tenant: string, incidentId: string, limit: number): Promise<SimilarIncidentsAnswer> {
    const probe = await this.history.probeOf(tenant, incidentId);
    // The history is written from the incidents topic: a version published a moment ago may not be there yet.
    if (!probe) throw problem(404, `no incident ${incidentId} in the incident history of this tenant (a new one is stored within seconds)`);
    const similar = await this.history.similarResolvedIncidents(tenant, probe, limit);
    return {
      incidentId,
      compared: { ruleIds: probe.ruleIds, techniques: probe.techniques, entities: probe.entities.map((e) => `${e.type}:${e.value}`) },
      method: SIMILARITY_METHOD,
      similar: similar.map(explainSimilarity),
    };
  }
}
