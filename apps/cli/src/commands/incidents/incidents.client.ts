import type { Incident } from '@quell/contracts';
import type { IncidentDetail, IncidentPage } from '@quell/platform-incident-history';
import { QuellApiClient } from '../api-client';

/** The incidents API (/v1/incidents) of the incident-manager. */
export class IncidentsClient extends QuellApiClient {
  list(filters: Record<string, string>, cursor: string | null): Promise<IncidentPage> {
    const query = new URLSearchParams(filters);
    if (cursor) query.set('cursor', cursor);
    const text = query.toString();
    return this.call('GET', `/v1/incidents${text ? `?${text}` : ''}`) as Promise<IncidentPage>;
  }

  get(id: string): Promise<IncidentDetail> {
    return this.call('GET', `/v1/incidents/${encodeURIComponent(id)}`) as Promise<IncidentDetail>;
  }

  /** POST /v1/incidents/{id}/{action}; with `version`, only if the incident is still at it (If-Match). */
  act(id: string, action: string, body: Record<string, unknown>, version?: number): Promise<Incident> {
    const headers = version === undefined ? undefined : { 'if-match': `"${version}"` };
    return this.call('POST', `/v1/incidents/${encodeURIComponent(id)}/${action}`, { json: body, headers }) as Promise<Incident>;
  }
}

export type { IncidentDetail, IncidentPage, IncidentSummary } from '@quell/platform-incident-history';
