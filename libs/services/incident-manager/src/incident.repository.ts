import { Inject, Injectable } from '@nestjs/common';
import type { Entity, Incident } from '@quell/contracts';
import type { IncidentUpdate } from '@quell/incidents';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, updateDocuments, type DocumentStore, type IndexTerms, type StoredDocument } from '@quell/platform-state';
import type { IncidentManagerConfig } from './config';

/** WARNING: durable state; the document key and index name must not change silently (incidents would be forgotten or unfindable). */
export const incidentKey = (id: string): string => `incident:${id}`;
export const OPEN_BY_ENTITY_INDEX = 'open-by-entity';

/** Statuses that keep an incident open to new alerts, so listed under its entities. */
const OPEN_STATUSES = new Set(['open', 'acknowledged']);

export interface IncidentChange {
  tenant: string;
  id: string;
  /** Pure: re-applied to a fresher incident when another replica changed it first. Null: nothing to do. */
  apply(existing: Incident | null): IncidentUpdate | null;
}

/**
 * Current incident state by tenant and id, in the document store. Every write is conditional on
 * the version read, so two replicas (one still processing a partition after a rebalance) never
 * overwrite each other's alerts: the loser reads again and re-applies its change, and after a few
 * lost races fails retriably (StaleVersionError), so the batch is retried rather than dropped.
 */
@Injectable()
export class IncidentRepository {
  private readonly ttlMs: number;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(SERVICE_CONFIG) config: IncidentManagerConfig,
  ) {
    this.ttlMs = config.INCIDENT_STATE_TTL_MS;
  }

  async get(tenant: string, id: string): Promise<StoredDocument<Incident> | null> {
    return this.store.get<Incident>({ tenant, key: incidentKey(id) });
  }

  /** Applies each change (one per incident) with one read and one write for the batch; returns the incidents after it, in order (null where a change did nothing). */
  async update(changes: readonly IncidentChange[]): Promise<(Incident | null)[]> {
    return updateDocuments<Incident, Incident | null>(
      this.store,
      changes.map((change) => ({
        ref: { tenant: change.tenant, key: incidentKey(change.id) },
        decide: (current) => {
          const update = change.apply(current?.value ?? null);
          if (!update?.changed) return { result: update?.incident ?? null };
          return { result: update.incident, write: { value: update.incident, ttlMs: this.ttlMs, index: indexTermsOf(update.incident) } };
        },
      })),
    );
  }

  /** The open (or acknowledged) incidents of a tenant that share this entity, at most `limit`. */
  async openByEntity(tenant: string, entity: Entity, limit: number): Promise<Incident[]> {
    const listed = await this.store.listByIndex<Incident>(tenant, OPEN_BY_ENTITY_INDEX, entityTerm(entity), { limit });
    return listed.map((document) => document.value);
  }
}

function entityTerm(entity: Entity): string {
  return `${entity.type}:${entity.value}`;
}

function indexTermsOf(incident: Incident): IndexTerms {
  return OPEN_STATUSES.has(incident.status) ? { [OPEN_BY_ENTITY_INDEX]: incident.entities.map(entityTerm) } : {};
}
