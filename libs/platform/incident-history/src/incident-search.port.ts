import type { Alert, Event, Incident } from '@quell/contracts';

/** Port token of the incident search (IncidentSearch): the incident API's list and read-back. */
export const INCIDENT_SEARCH = Symbol('INCIDENT_SEARCH');

/** What GET /v1/incidents filters on; every field optional, all given ones must hold. */
export interface IncidentFilter {
  statuses?: readonly string[];
  priorities?: readonly number[];
  service?: string;
  /** 'type:value' (host:web-1) for one type, or a bare value (web-1) for any type. */
  entity?: string;
  ruleId?: string;
  assignee?: string;
  /** The incident was active (first seen … last seen) at some point in [from, to). */
  from?: number;
  to?: number;
  /** Case-insensitive substring of the title, id, entities or assignee. */
  text?: string;
}

/** Where the page before ended: the sort key (last seen, id) of its last item. */
export interface IncidentCursor {
  lastSeen: number;
  id: string;
}

/** One incident in a list: its latest version's searchable fields, no timeline. */
export interface IncidentSummary {
  id: string;
  version: number;
  title: string;
  status: string;
  severity: string;
  priority: number;
  services: string[];
  entities: string[];
  ruleIds: string[];
  alertCount: number;
  assignee: string | null;
  resolution: string | null;
  firstSeen: number;
  lastSeen: number;
}

/** One page of the incidents API's list (GET /v1/incidents); shared with its clients (the CLI). */
export interface IncidentPage {
  items: IncidentSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** One incident with its evidence (GET /v1/incidents/{id}); `unavailable` names the parts the history could not give. */
export interface IncidentDetail {
  incident: Incident;
  alerts: Alert[];
  sampleEvents: Event[];
  unavailable: string[];
}

/** Incidents as the history stores them (every version; the latest counts), for listing and read-back. */
export interface IncidentSearch {
  /** The latest version of each matching incident, most recently active first, at most `limit`. */
  search(tenant: string, filter: IncidentFilter, page: { limit: number; after?: IncidentCursor }): Promise<IncidentSummary[]>;
  /** The latest stored version of one incident; null when the history has none. */
  latest(tenant: string, id: string): Promise<Incident | null>;
  /** The latest stored state of each alert named, in the order of `ids` (unknown ones left out). */
  alertsByIds(tenant: string, ids: readonly string[]): Promise<Alert[]>;
}
