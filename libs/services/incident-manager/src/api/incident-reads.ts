import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Event, Incident } from '@quell/contracts';
import { EVENT_HISTORY, eventOfRow, type EventHistory, type EventRow } from '@quell/platform-event-history';
import { problem } from '@quell/platform-http';
import { INCIDENT_SEARCH, type IncidentDetail, type IncidentPage, type IncidentSearch } from '@quell/platform-incident-history';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { IncidentRepository } from '../incident.repository';
import { decodeCursor, encodeCursor, type ListQuery } from './incident-requests';

export type { IncidentDetail, IncidentPage };

/** Sample events shown with one incident, across its alerts. */
export const MAX_SAMPLE_EVENTS = 20;

/**
 * The API's reads. One incident comes from the document store (the current version, what an
 * action's If-Match is checked against) or, once it expired there, from its last stored version;
 * lists come from the incident history, where every version is stored a moment after it is published.
 */
@Injectable()
export class IncidentReads {
  constructor(
    private readonly incidents: IncidentRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(INCIDENT_SEARCH) private readonly search: IncidentSearch | null,
    @Optional() @Inject(EVENT_HISTORY) private readonly events: EventHistory | null,
  ) {}

  async list(tenant: string, query: ListQuery): Promise<IncidentPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (after === null) throw problem(400, 'query: cursor: not a cursor this API gave out', { type: 'urn:quell:problem:invalid-request', errors: [{ location: 'query', path: 'cursor', message: 'not a cursor this API gave out' }] });
    const search = this.requireSearch();
    const filter = { statuses: query.status, priorities: query.priority, service: query.service, entity: query.entity, ruleId: query.rule, assignee: query.assignee, from: query.from, to: query.to, text: query.q };
    // One more than asked: whether a next page exists without a second query.
    const rows = await search.search(tenant, filter, { limit: query.limit + 1, after });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ lastSeen: last.lastSeen, id: last.id }) : null };
  }

  /** The current version; 404 when the tenant has no such incident. */
  async current(tenant: string, id: string): Promise<Incident> {
    const stored = await this.incidents.get(tenant, id);
    const incident = stored?.value ?? (await this.search?.latest(tenant, id).catch(() => null)) ?? null;
    if (!incident) throw problem(404, `no incident ${id}`);
    return incident;
  }

  async detail(tenant: string, id: string): Promise<IncidentDetail> {
    const incident = await this.current(tenant, id);
    const unavailable: string[] = [];
    const alerts = await this.evidence('alerts', unavailable, () => this.search?.alertsByIds(tenant, incident.alertIds), []);
    const eventIds = [...new Set(alerts.flatMap((alert) => alert.sampleEventIds))].slice(0, MAX_SAMPLE_EVENTS);
    const sampleEvents = eventIds.length === 0 ? [] : await this.evidence('sampleEvents', unavailable, () => this.sampleEvents(tenant, eventIds), []);
    return { incident, alerts, sampleEvents, unavailable };
  }

  private async sampleEvents(tenant: string, ids: string[]): Promise<Event[] | undefined> {
    const rows = await this.events?.select<EventRow>(
      (table) => `SELECT * FROM ${table} FINAL WHERE tenant = {tenant:String} AND id IN {ids:Array(String)} ORDER BY time LIMIT {limit:UInt32}`,
      { tenant, ids, limit: MAX_SAMPLE_EVENTS },
    );
    return rows?.map(eventOfRow);
  }

  /** Evidence from ClickHouse when it answers: an incident is still worth reading without it. */
  private async evidence<T>(part: string, unavailable: string[], read: () => Promise<T | undefined> | undefined, fallback: T): Promise<T> {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      this.logger.warn({ err: error, part }, 'incident evidence unavailable');
    }
    unavailable.push(part);
    return fallback;
  }

  private requireSearch(): IncidentSearch {
    if (!this.search) throw problem(503, 'listing incidents needs the incident history (ClickHouse), which this process does not open');
    return this.search;
  }
}
