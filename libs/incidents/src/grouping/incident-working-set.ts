import type { Alert, Incident, PriorityFactor as PriorityFactorRecord } from '@quell/contracts';
import { incidentIdFor } from '../incident-grouping';
import { withAssessedPriority } from '../priority/apply-priority';
import type { PriorityAssessment } from '../priority/incident-priority';
import { groupingTermsOf, withinWindow, type GroupingPolicies } from './grouping-policy';
import { headlineTitle } from './alert-summary';
import { absorb, closeAsMerged, survivorOf } from './incident-merge';
import { foldAlert, isOpen, type IncidentState } from './incident-state';

/** An incident state as read, with the store's version of its document (0: not stored yet). */
export interface LoadedIncident {
  state: IncidentState;
  storeVersion: number;
}

/** What a batch's grouping reads from the store before it decides anything. */
export interface GroupingSnapshot {
  /** Incident states by id: the open ones listed under the alerts' entities, those the alert map names (and what they merged into), and any an alert's own id derives. */
  incidents: ReadonlyMap<string, LoadedIncident>;
  /** Alert id → the incident holding it (the alert map). */
  alertMap: ReadonlyMap<string, string>;
}

/** Severity and priority of an incident from its alerts (assessPriority with the catalog and inventory bound). */
export type Prioritize = (incident: Incident, alerts: readonly Alert[]) => PriorityAssessment;

export interface IncidentWrite {
  state: IncidentState;
  /** The store version read: the write applies only while it is still current. */
  storeVersion: number;
}

export interface GroupingResult {
  /** The incidents that changed, to be written (each conditional on its version read). */
  writes: IncidentWrite[];
  /** Every incident the batch touched, changed or not, as it now is: published, so a replayed batch republishes the same versions. */
  incidents: Incident[];
  /** Alert id → incident id, for the alert map (after the incidents are written). */
  alertMap: Map<string, { tenant: string; incidentId: string }>;
  /** What the alerts did: opened an incident, joined one, came again (a repeat or a replay), merged incidents away, or (suppressed) found no incident to join. */
  counts: GroupingCounts;
}

export interface GroupingCounts {
  opened: number;
  joined: number;
  known: number;
  merged: number;
  /** Alerts an approved change suppressed with no open incident to join: they open none. */
  suppressed: number;
}

/** How many `mergedInto` links are followed from an alert's first incident to the one holding it now. */
export const MAX_MERGE_HOPS = 8;

/**
 * Groups a batch of alerts in memory over a snapshot of the store (DESIGN.md "Incidents"): an alert
 * the alert map knows folds into its incident (following merges), so a replay changes nothing; a
 * new one joins the open incidents of its tenant that share a grouping entity within the window,
 * merging them into the largest when it links several, or opens an incident with a derived id.
 * Pure and deterministic: the caller writes the result, and on a lost race reads again and redoes it.
 */
export class IncidentWorkingSet {
  private readonly states = new Map<string, LoadedIncident & { first: IncidentState | null }>();
  private readonly dirty = new Set<string>();
  private readonly touched = new Set<string>();
  private readonly byTerm = new Map<string, Set<string>>();
  /** The terms each incident is listed under in byTerm, so a re-index touches only those. */
  private readonly termsOf = new Map<string, string[]>();
  private readonly mapped = new Map<string, { tenant: string; incidentId: string }>();
  private readonly missingMerged = new Map<string, { tenant: string; id: string }>();
  private readonly counts: GroupingCounts = { opened: 0, joined: 0, known: 0, merged: 0, suppressed: 0 };

  constructor(
    private readonly snapshot: GroupingSnapshot,
    private readonly policies: GroupingPolicies,
    private readonly now: number,
  ) {
    for (const [id, loaded] of snapshot.incidents) {
      this.states.set(id, { ...loaded, first: loaded.state });
      this.reindex(id);
    }
  }

  /** Folds one alert in (batch order matters: an alert may join the incident the one before opened). */
  add(alert: Alert): void {
    const policy = this.policies.forTenant(alert.tenant);
    const knownId = this.snapshot.alertMap.get(alert.id) ?? this.mapped.get(alert.id)?.incidentId ?? (this.states.has(incidentIdFor(alert)) ? incidentIdFor(alert) : undefined);
    const holder = knownId === undefined ? undefined : this.resolve(knownId, alert.tenant);
    if (holder) {
      this.counts.known += 1;
      this.change(holder, foldAlert(this.stateOf(holder), alert, this.now, { known: true }));
      this.touchMergedBy(holder, alert.id);
      return this.map(alert, holder);
    }
    const candidates = this.openSharing(alert.tenant, groupingTermsOf(alert, policy), alert, policy.windowMs);
    if (candidates.length === 0 && alert.suppression.state === 'suppressed') {
      // It left the paging path (DESIGN.md "Suppression by change"): it may join an open incident as context, never open one.
      this.counts.suppressed += 1;
      return;
    }
    if (candidates.length === 0) {
      this.counts.opened += 1;
      const id = incidentIdFor(alert);
      this.states.set(id, { state: foldAlert(null, alert, this.now, { id }) as IncidentState, storeVersion: 0, first: null });
      this.markChanged(id);
      return this.map(alert, id);
    }
    this.counts.joined += 1;
    const survivor = this.mergeAll(candidates, alert.id);
    this.change(survivor, foldAlert(this.stateOf(survivor), alert, this.now));
    this.map(alert, survivor);
  }

  /** Merges the open incidents that share a grouping entity with `id` within the window (two replicas that each opened one). */
  reconcile(tenant: string, id: string): void {
    const incident = this.states.get(id)?.state.incident;
    if (!incident || incident.tenant !== tenant || !isOpen(incident)) return;
    const policy = this.policies.forTenant(tenant);
    const candidates = this.openSharing(tenant, groupingTermsOf(incident, policy), incident, policy.windowMs);
    if (candidates.length > 1) this.mergeAll(candidates, `incident ${id}`);
  }

  /** The writes and the incidents to publish, each changed incident re-assessed and given one new version for the batch. */
  result(prioritize?: Prioritize): GroupingResult {
    const writes: IncidentWrite[] = [];
    for (const id of this.dirty) {
      const loaded = this.states.get(id)!;
      let incident: Incident = { ...loaded.state.incident, version: (loaded.first?.incident.version ?? 0) + 1 };
      if (isOpen(incident)) incident = { ...incident, title: headlineTitle(incident, loaded.state.alerts) };
      if (prioritize && isOpen(incident) && loaded.state.alerts.length > 0) incident = withPriority(incident, prioritize(incident, loaded.state.alerts), this.now);
      loaded.state = { ...loaded.state, incident };
      writes.push({ state: loaded.state, storeVersion: loaded.storeVersion });
    }
    return { writes, incidents: [...this.touched].map((id) => this.stateOf(id).incident), alertMap: this.mapped, counts: { ...this.counts } };
  }

  /**
   * Incidents that `alert` merged away, which the snapshot did not hold: a replay of the alert must
   * publish them again too (the first run may have crashed before publishing). Load them and redo.
   */
  missing(): { tenant: string; id: string }[] {
    return [...this.missingMerged.values()];
  }

  /** On a replay of the alert that merged incidents into `holder`: those incidents are published again. */
  private touchMergedBy(holder: string, alertId: string): void {
    for (const [id, absorbed] of Object.entries(this.stateOf(holder).absorbed)) {
      if (absorbed.by !== alertId) continue;
      if (this.states.has(id)) this.touched.add(id);
      else this.missingMerged.set(id, { tenant: this.stateOf(holder).incident.tenant, id });
    }
  }

  private mergeAll(candidates: readonly string[], by?: string): string {
    const survivor = survivorOf(candidates.map((id) => ({ id, incident: this.stateOf(id).incident }))).id;
    for (const other of candidates) {
      if (other === survivor) continue;
      this.counts.merged += 1;
      this.change(survivor, absorb(this.stateOf(survivor), this.stateOf(other), this.now, by));
      this.change(other, closeAsMerged(this.stateOf(other), survivor, this.now));
    }
    return survivor;
  }

  /** Open incidents of the tenant listed under any of the terms whose span is within the window of `span`, in id order. */
  private openSharing(tenant: string, terms: readonly string[], span: { firstSeen: number; lastSeen: number }, windowMs: number): string[] {
    const ids = new Set<string>();
    for (const term of terms) for (const id of this.byTerm.get(termKey(tenant, term)) ?? []) ids.add(id);
    return [...ids].filter((id) => withinWindow(this.stateOf(id).incident, span, windowMs)).sort();
  }

  /** The incident holding what `id` held: `id`, or the one it was merged into (as far as the snapshot goes). */
  private resolve(id: string, tenant: string): string | undefined {
    let at = id;
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop += 1) {
      const incident = this.states.get(at)?.state.incident;
      if (!incident || incident.tenant !== tenant) return hop === 0 ? undefined : at;
      if (!incident.mergedInto || !this.states.has(incident.mergedInto)) return at;
      at = incident.mergedInto;
    }
    return at;
  }

  private stateOf(id: string): IncidentState {
    return this.states.get(id)!.state;
  }

  private change(id: string, next: IncidentState | null): void {
    this.touched.add(id);
    if (!next) return;
    this.states.get(id)!.state = next;
    this.markChanged(id);
  }

  private markChanged(id: string): void {
    this.dirty.add(id);
    this.touched.add(id);
    this.reindex(id);
  }

  private map(alert: Alert, incidentId: string): void {
    // An entry naming an incident merged since still leads here (resolve follows mergedInto): left as it is.
    if (!this.snapshot.alertMap.has(alert.id)) this.mapped.set(alert.id, { tenant: alert.tenant, incidentId });
  }

  private reindex(id: string): void {
    const incident = this.stateOf(id).incident;
    for (const key of this.termsOf.get(id) ?? []) this.byTerm.get(key)?.delete(id);
    const keys = isOpen(incident) ? groupingTermsOf(incident, this.policies.forTenant(incident.tenant)).map((term) => termKey(incident.tenant, term)) : [];
    for (const key of keys) this.byTerm.set(key, (this.byTerm.get(key) ?? new Set()).add(id));
    this.termsOf.set(id, keys);
  }
}

function termKey(tenant: string, term: string): string {
  return `${tenant}\u0000${term}`;
}

/** The assessment on the incident: severity, priority, the `prioritized` entry, and the factors in the contract's shape. */
function withPriority(incident: Incident, assessment: PriorityAssessment, now: number): Incident {
  const factors: PriorityFactorRecord[] = assessment.factors.map((factor) => ({
    id: factor.id, label: factor.label, op: factor.weight.op, weight: factor.weight.value, contribution: factor.contribution,
  }));
  return { ...(withAssessedPriority(incident, assessment, now) ?? incident), priorityFactors: factors, priorityReason: assessment.reason };
}
