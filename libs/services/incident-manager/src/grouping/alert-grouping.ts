import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Alert, Incident } from '@quell/contracts';
import { groupingPolicies, groupingTermsOf, IncidentWorkingSet, type GroupingPolicies, type GroupingResult, type GroupingSnapshot } from '@quell/incidents';
import { METRICS, type PipelineMetrics } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DEFAULT_UPDATE_ATTEMPTS, StaleVersionError, type PutOutcome } from '@quell/platform-state';
import type { IncidentManagerConfig } from '../config';
import { IncidentRepository } from '../incident.repository';
import { IncidentPriorities } from '../priority/incident-priorities';
import { GroupingMetrics } from './grouping.metrics';

type GroupingConfig = Pick<IncidentManagerConfig, 'INCIDENT_GROUPING_WINDOW_MS' | 'INCIDENT_GROUPING_ENTITY_TYPES' | 'INCIDENT_GROUPING_TENANTS'>;

/**
 * Groups a batch of alerts into incidents (IncidentWorkingSet over a snapshot of the store), writes
 * the changed incidents conditional on the versions read, then the alert map. A lost race re-reads
 * and redoes the batch (every step is idempotent: an alert already in an incident changes nothing);
 * after DEFAULT_UPDATE_ATTEMPTS it fails retriably. An incident this batch opened is then checked
 * against the store: when another replica opened one on the same entity meanwhile, they merge.
 */
@Injectable()
export class AlertGrouping {
  private readonly policies: GroupingPolicies;
  private readonly metrics?: GroupingMetrics;

  constructor(
    private readonly incidents: IncidentRepository,
    private readonly priorities: IncidentPriorities,
    @Inject(SERVICE_CONFIG) config: GroupingConfig,
    @Optional() @Inject(METRICS) metrics?: PipelineMetrics,
  ) {
    this.metrics = metrics && new GroupingMetrics(metrics.registry);
    this.policies = groupingPolicies({ windowMs: config.INCIDENT_GROUPING_WINDOW_MS, entityTypes: config.INCIDENT_GROUPING_ENTITY_TYPES }, config.INCIDENT_GROUPING_TENANTS);
  }

  /**
   * The incidents the alerts touched, as stored after the batch (a replayed batch returns the same
   * versions, writing nothing). An alert an approved change suppressed opens no incident (it left the
   * paging path); it joins an open one sharing its entities as context (a `suppressed` entry).
   */
  async group(alerts: readonly Alert[], now: number): Promise<Incident[]> {
    const { result, opened } = await this.attempt(async () => {
      let snapshot = await this.incidents.snapshotFor(alerts, this.policies);
      let set = this.groupOver(snapshot, alerts, now);
      const missing = set.missing();
      if (missing.length > 0) {
        // A replay of an alert that merged incidents: load those too, so they are published again.
        snapshot = await this.incidents.snapshotFor(alerts, this.policies, { incidents: missing });
        set = this.groupOver(snapshot, alerts, now);
      }
      return set.result(this.priorities.assess);
    });
    this.metrics?.record(result.counts);
    await this.incidents.putAlertMap(result.alertMap);
    return latest([...result.incidents, ...(await this.reconcile(opened, now))]);
  }

  /**
   * Merges each newly opened incident with the open ones another replica opened on its entities
   * meanwhile (none: nothing written). Returns each opened incident as stored now: when the other
   * replica already merged it, publishing the version this batch wrote would put an older version
   * after the newer one on the compacted topic (and the OCSF topic, and live views).
   */
  private async reconcile(opened: readonly Incident[], now: number): Promise<Incident[]> {
    if (opened.length === 0) return [];
    const terms = opened.flatMap((incident) => groupingTermsOf(incident, this.policies.forTenant(incident.tenant)).map((term) => ({ tenant: incident.tenant, term })));
    let read: GroupingSnapshot | undefined;
    const { result } = await this.attempt(async () => {
      read = await this.incidents.snapshotFor([], this.policies, { incidents: opened, terms });
      const set = new IncidentWorkingSet(read, this.policies, now);
      for (const incident of opened) set.reconcile(incident.tenant, incident.id);
      return set.result(this.priorities.assess);
    });
    this.metrics?.record(result.counts);
    const stored = opened.map((incident) => read?.incidents.get(incident.id)?.state.incident ?? incident);
    return [...stored, ...result.writes.map((write) => write.state.incident)];
  }

  private groupOver(snapshot: GroupingSnapshot, alerts: readonly Alert[], now: number): IncidentWorkingSet {
    const set = new IncidentWorkingSet(snapshot, this.policies, now);
    for (const alert of alerts) set.add(alert);
    return set;
  }

  /**
   * Runs `decide` and writes its result; on a lost race reads and decides again. `opened`: the
   * incidents created by any attempt's writes (an earlier attempt's may have been written before
   * the race was lost), for the race check.
   */
  private async attempt(decide: () => Promise<GroupingResult>): Promise<{ result: GroupingResult; opened: Incident[] }> {
    const opened = new Map<string, Incident>();
    for (let attempt = 1; ; attempt += 1) {
      const result = await decide();
      const outcomes: PutOutcome[] = await this.incidents.putStates(result.writes);
      outcomes.forEach((outcome, i) => {
        const { state, storeVersion } = result.writes[i];
        if (outcome.ok && storeVersion === 0) opened.set(state.incident.id, state.incident);
      });
      const failed = outcomes.find((outcome) => !outcome.ok);
      if (!failed || failed.ok) return { result, opened: [...opened.values()] };
      if (!(failed.error instanceof StaleVersionError) || attempt >= DEFAULT_UPDATE_ATTEMPTS) throw failed.error;
      this.metrics?.raced.inc();
    }
  }
}

/** Each incident once, at its latest version, in first-seen order. */
function latest(incidents: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of incidents) {
    const known = byId.get(incident.id);
    if (!known || known.version < incident.version) byId.set(incident.id, incident);
  }
  return [...byId.values()];
}
