import { Inject, Injectable } from '@nestjs/common';
import type { Alert, Entity, Incident } from '@quell/contracts';
import {
  entityTerm,
  groupingTermsOf,
  incidentIdFor,
  isOpen,
  stateOf,
  type GroupingPolicies,
  type GroupingSnapshot,
  type IncidentState,
  type IncidentUpdate,
  type IncidentWrite,
  type LoadedIncident,
  MAX_MERGE_HOPS,
} from '@quell/incidents';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import {
  DOCUMENT_STORE,
  updateDocuments,
  type DocumentRef,
  type DocumentStore,
  type IndexTerms,
  type PutOutcome,
  type StoredDocument,
} from '@quell/platform-state';
import type { IncidentManagerConfig } from './config';

/** WARNING: durable state; the document keys and index name must not change silently (incidents would be forgotten or unfindable, replays would open twins). */
export const incidentKey = (id: string): string => `incident:${id}`;
export const alertMapKey = (alertId: string): string => `incident-alert:${alertId}`;
export const OPEN_BY_ENTITY_INDEX = 'open-by-entity';

/** Open incidents read per entity when grouping: they normally merge into one, so more means a backlog nobody resolves. */
const OPEN_PER_ENTITY_LIMIT = 200;

/** The alert map's document: which incident holds an alert (written after the incident). */
interface AlertMapping {
  incidentId: string;
}

/** More for a snapshot to hold: incidents by id, and the open incidents listed under terms. */
export interface SnapshotExtras {
  incidents?: readonly { tenant: string; id: string }[];
  terms?: readonly { tenant: string; term: string }[];
}

export interface IncidentChange {
  tenant: string;
  id: string;
  /** Pure: re-applied to a fresher incident when another replica changed it first. Null: nothing to do. */
  apply(existing: Incident | null): IncidentUpdate | null;
}

/**
 * Incident state by tenant and id in the document store (Redis in distributed mode, so it survives
 * restarts and rebalances): each incident with the summaries of its alerts (IncidentState), listed
 * under its entities while open; and the alert map (alert id → incident), bounded by the same TTL.
 * Every write is conditional on the version read, so two replicas never overwrite each other: the
 * loser reads again and re-applies its change, and after a few lost races fails retriably
 * (StaleVersionError), so the batch is retried rather than dropped.
 */
@Injectable()
export class IncidentRepository {
  private readonly ttlMs: number;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(SERVICE_CONFIG) config: Pick<IncidentManagerConfig, 'INCIDENT_STATE_TTL_MS'>,
  ) {
    this.ttlMs = config.INCIDENT_STATE_TTL_MS;
  }

  async get(tenant: string, id: string): Promise<StoredDocument<Incident> | null> {
    const stored = await this.store.get<IncidentState | Incident>(incidentRef(tenant, id));
    return stored && { value: stateOf(stored.value).incident, version: stored.version };
  }

  /** Applies each change (one per incident) with one read and one write for the batch; returns the incidents after it, in order (null where a change did nothing). Alert summaries are kept as they are. */
  async update(changes: readonly IncidentChange[]): Promise<(Incident | null)[]> {
    return updateDocuments<IncidentState | Incident, Incident | null>(
      this.store,
      changes.map((change) => ({
        ref: incidentRef(change.tenant, change.id),
        decide: (current) => {
          const state = current ? stateOf(current.value) : null;
          const update = change.apply(state?.incident ?? null);
          if (!update?.changed) return { result: update?.incident ?? null };
          const next: IncidentState = { alerts: [], absorbed: {}, ...state, incident: update.incident };
          return { result: update.incident, write: { value: next, ttlMs: this.ttlMs, index: indexTermsOf(update.incident) } };
        },
      })),
    );
  }

  /** The open (or acknowledged) incidents of a tenant that share this entity, at most `limit`. */
  async openByEntity(tenant: string, entity: Entity, limit: number): Promise<Incident[]> {
    const listed = await this.store.listByIndex<IncidentState | Incident>(tenant, OPEN_BY_ENTITY_INDEX, entityTerm(entity), { limit });
    return listed.map((document) => stateOf(document.value).incident);
  }

  /**
   * What grouping these alerts needs: the alert map's entries for them, the incidents they name (and
   * what those merged into), the incidents their own ids derive (a replay whose map entry was lost),
   * and the open incidents listed under their grouping entities; plus the `extra` incidents and terms.
   */
  async snapshotFor(alerts: readonly Alert[], policies: GroupingPolicies, extra: SnapshotExtras = {}): Promise<GroupingSnapshot> {
    const incidents = new Map<string, LoadedIncident>();
    const alertMap = new Map<string, string>();
    const mapRefs = alerts.map((alert) => ({ tenant: alert.tenant, key: alertMapKey(alert.id) }));
    const derived = [...alerts.map((alert) => ({ tenant: alert.tenant, id: incidentIdFor(alert) })), ...(extra.incidents ?? []).map(({ tenant, id }) => ({ tenant, id }))];
    const terms = distinct([...alerts.flatMap((alert) => groupingTermsOf(alert, policies.forTenant(alert.tenant)).map((term) => ({ tenant: alert.tenant, term }))), ...(extra.terms ?? [])]);
    const [mapped, lists] = await Promise.all([
      this.store.getMany<AlertMapping>(mapRefs),
      Promise.all(terms.map(({ tenant, term }) => this.store.listByIndex<IncidentState | Incident>(tenant, OPEN_BY_ENTITY_INDEX, term, { limit: OPEN_PER_ENTITY_LIMIT }))),
    ]);
    for (const listed of lists.flat()) keepNewer(incidents, listed);
    mapped.forEach((doc, i) => doc && alertMap.set(alerts[i].id, doc.value.incidentId));
    const mappedIncidents = alerts.flatMap((alert) => {
      const id = alertMap.get(alert.id);
      return id === undefined ? [] : [{ tenant: alert.tenant, id }];
    });
    let wanted = [...derived, ...mappedIncidents];
    for (let hop = 0; hop <= MAX_MERGE_HOPS && wanted.length > 0; hop += 1) {
      const refs = distinct(wanted.filter(({ id }) => !incidents.has(id)));
      const docs = await this.store.getMany<IncidentState | Incident>(refs.map(({ tenant, id }) => incidentRef(tenant, id)));
      docs.forEach((doc) => doc && keepNewer(incidents, doc));
      wanted = refs.flatMap(({ tenant, id }) => {
        const mergedInto = incidents.get(id)?.state.incident.mergedInto;
        return mergedInto ? [{ tenant, id: mergedInto }] : [];
      });
    }
    return { incidents, alertMap };
  }

  /** Writes grouped states, each conditional on the version read; outcomes in order. */
  async putStates(writes: readonly IncidentWrite[]): Promise<PutOutcome[]> {
    if (writes.length === 0) return [];
    return this.store.putMany(
      writes.map(({ state, storeVersion }) => ({
        ref: incidentRef(state.incident.tenant, state.incident.id),
        value: state,
        options: { ifVersion: storeVersion, ttlMs: this.ttlMs, index: indexTermsOf(state.incident) },
      })),
    );
  }

  /** Records which incident holds each alert; written after the incidents, so an entry never names an incident without its alert. */
  async putAlertMap(entries: ReadonlyMap<string, { tenant: string; incidentId: string }>): Promise<void> {
    if (entries.size === 0) return;
    const outcomes = await this.store.putMany(
      [...entries].map(([alertId, { tenant, incidentId }]) => ({ ref: { tenant, key: alertMapKey(alertId) }, value: { incidentId } satisfies AlertMapping, options: { ttlMs: this.ttlMs } })),
    );
    const failed = outcomes.find((outcome) => !outcome.ok);
    if (failed && !failed.ok) throw failed.error;
  }
}

function incidentRef(tenant: string, id: string): DocumentRef {
  return { tenant, key: incidentKey(id) };
}

function keepNewer(incidents: Map<string, LoadedIncident>, doc: StoredDocument<IncidentState | Incident>): void {
  const state = stateOf(doc.value);
  const known = incidents.get(state.incident.id);
  if (!known || known.storeVersion < doc.version) incidents.set(state.incident.id, { state, storeVersion: doc.version });
}

function distinct<T extends object>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(JSON.stringify(item), item);
  return [...seen.values()];
}

function indexTermsOf(incident: Incident): IndexTerms {
  return isOpen(incident) ? { [OPEN_BY_ENTITY_INDEX]: incident.entities.map(entityTerm) } : {};
}
