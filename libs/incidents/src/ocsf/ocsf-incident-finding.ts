import type { Alert, Incident } from '@quell/contracts';
import { activityId, impactId, observableTypeId, OCSF_VERSION, priorityId, severityId, statusId, TICKET_TYPE_EXTERNAL, verdictId } from './ocsf-codes';
import type { OcsfAttack, OcsfFindingInfo, OcsfIncidentFinding, OcsfTicket } from './ocsf-incident-finding.types';

export const OCSF_INCIDENT_FINDING_CLASS_UID = 2005;
const FINDINGS_CATEGORY_UID = 2;
const ANALYTIC_TYPE_RULE = 1;

/**
 * Alerts a finding details, the incident's latest: every incident version is published, and an
 * incident of 1,000 alerts made each ~150 KB and a 1,000-alert read of the history. `count` stays
 * the true total.
 */
export const MAX_FINDING_INFOS = 100;

/** The ids of the alerts a finding of this incident version details (its latest MAX_FINDING_INFOS). */
export function detailedAlertIds(incident: Pick<Incident, 'alertIds'>): string[] {
  return incident.alertIds.slice(-MAX_FINDING_INFOS);
}

export interface IncidentFindingInput {
  incident: Incident;
  /** The incident's alerts that are at hand; an alert id without its alert still gets a finding_info. */
  alerts: readonly Alert[];
  /** When the change being reported happened, epoch milliseconds. */
  time: number;
  /** Quell's version, for metadata.product.version. */
  productVersion: string;
  /** Resolution code (false_positive, true_positive, benign, …); default the incident's own `resolution`. Becomes the verdict. */
  resolution?: string;
  /** Why the incident has its priority, e.g. "P1 because: critical service payments (×2) …"; default the incident's `priorityReason`. */
  priorityReason?: string;
  /** The business criticality behind the priority: the impact; default read from the incident's service-criticality factor. */
  impact?: string;
  /** Link to the incident in Quell's UI or API. */
  url?: string;
  /**
   * OCSF requires an assignee or an assignee group; an incident nobody owns yet is reported as
   * owned by this group (the triage queue).
   */
  unassignedGroup: string;
}

/** An incident version as an OCSF 1.7.0 Incident Finding (class 2005, category 2 Findings). */
export function toOcsfIncidentFinding(input: IncidentFindingInput): OcsfIncidentFinding {
  const { incident } = input;
  const resolution = input.resolution ?? incident.resolution ?? undefined;
  const priorityReason = input.priorityReason ?? incident.priorityReason ?? undefined;
  const impact = input.impact ?? criticalityOf(incident);
  const activity = activityId(incident.status, incident.version);
  const finding: OcsfIncidentFinding = {
    class_uid: OCSF_INCIDENT_FINDING_CLASS_UID,
    class_name: 'Incident Finding',
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: 'Findings',
    activity_id: activity,
    activity_name: ['', 'Create', 'Update', 'Close'][activity],
    type_uid: OCSF_INCIDENT_FINDING_CLASS_UID * 100 + activity,
    time: input.time,
    start_time: incident.firstSeen,
    end_time: incident.lastSeen,
    // Occurrences (dedup repeats included) when the producer counts them (v3), else the alerts.
    count: incident.occurrenceCount > 0 ? incident.occurrenceCount : incident.alertCount,
    duration: incident.lastSeen - incident.firstSeen,
    message: incident.title,
    severity_id: severityId(incident.severity),
    severity: incident.severity,
    priority_id: priorityId(incident.priority),
    priority: `P${incident.priority}`,
    status_id: statusId(incident.status, incident.assignee !== null),
    status: incident.status,
    finding_info_list: findingInfos(incident, input.alerts),
    metadata: {
      version: OCSF_VERSION,
      uid: `${incident.id}:${incident.version}`,
      correlation_uid: incident.id,
      tenant_uid: incident.tenant,
      profiles: ['incident'],
      product: { name: 'Quell', vendor_name: 'Quell', version: input.productVersion },
    },
    observables: incident.entities.map((entity) => ({
      name: `entity.${entity.type}`,
      type_id: observableTypeId(entity.type),
      value: entity.value,
    })),
    ...(incident.assignee !== null
      ? { assignee: { name: incident.assignee } }
      : { assignee_group: { name: input.unassignedGroup } }),
  };
  if (priorityReason) finding.desc = priorityReason;
  if (input.url) finding.src_url = input.url;
  if (impact) {
    finding.impact_id = impactId(impact);
    finding.impact = impact;
  }
  if (resolution) {
    finding.verdict_id = verdictId(resolution);
    finding.verdict = resolution;
  }
  const detail = statusDetailOf(incident, resolution);
  if (detail) finding.status_detail = detail;
  const tickets = ticketsOf(incident);
  if (tickets.length > 0) finding.tickets = tickets;
  const attacks = [...new Set(incident.techniques)].map(techniqueAttack);
  if (attacks.length > 0) finding.attacks = attacks;
  return finding;
}

/** Why the status is what it is: the incident a merge folded this one into, or the resolution. */
function statusDetailOf(incident: Incident, resolution: string | undefined): string | undefined {
  if (incident.mergedInto) return `merged into ${incident.mergedInto}`;
  if (resolution && (incident.status === 'resolved' || incident.status === 'closed')) return `resolved as ${resolution}`;
  return undefined;
}

/** Ticket references per provider (Jira, ServiceNow …), each an External ticket; its title names the provider. */
function ticketsOf(incident: Incident): OcsfTicket[] {
  return Object.entries(incident.tickets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, ref]) => ({ uid: ref, title: `${provider} ${ref}`, type_id: TICKET_TYPE_EXTERNAL, type: 'External' }));
}

/** The business criticality the priority assessment weighed in (its factor's label starts with it). */
function criticalityOf(incident: Incident): string | undefined {
  const label = incident.priorityFactors.find((factor) => factor.id === 'service-criticality')?.label;
  const word = label?.split(' ', 1)[0];
  return word && impactId(word) > 0 ? word : undefined;
}

function findingInfos(incident: Incident, alerts: readonly Alert[]): OcsfFindingInfo[] {
  const byId = new Map(alerts.map((alert) => [alert.id, alert]));
  const ids = incident.alertIds.length > 0 ? detailedAlertIds(incident) : alerts.map((alert) => alert.id).slice(-MAX_FINDING_INFOS);
  return ids.map((id) => {
    const alert = byId.get(id);
    return alert ? alertFindingInfo(alert) : { uid: id };
  });
}

function alertFindingInfo(alert: Alert): OcsfFindingInfo {
  const info: OcsfFindingInfo = {
    uid: alert.id,
    title: alert.rule.title,
    first_seen_time: alert.firstSeen,
    last_seen_time: alert.lastSeen,
    types: [alert.kind],
    analytic: {
      uid: alert.rule.id,
      name: alert.rule.title,
      type_id: ANALYTIC_TYPE_RULE,
      ...(alert.rule.version ? { version: alert.rule.version } : {}),
    },
  };
  if (alert.explanation) info.desc = alert.explanation;
  const attacks = attacksOf(alert);
  if (attacks.length > 0) info.attacks = attacks;
  return info;
}

/**
 * One attack per technique (a sub-technique such as T1110.003 also names its parent), with the
 * tactic when the alert names exactly one; an alert with tactics only gets one attack per tactic.
 * Quell's kill-chain phases are ATT&CK tactics, so they travel here, not in the Lockheed
 * kill_chain object, which has no phase for most of them.
 */
function attacksOf(alert: Alert): OcsfAttack[] {
  const tactic = alert.tactics.length === 1 ? { tactic: { name: alert.tactics[0] } } : {};
  if (alert.techniques.length === 0) return alert.tactics.map((name) => ({ tactic: { name } }));
  return alert.techniques.map((uid) => ({ ...techniqueAttack(uid), ...tactic }));
}

/** A technique id as an attack; a sub-technique such as T1110.003 also names its parent. */
function techniqueAttack(uid: string): OcsfAttack {
  const [parent, sub] = uid.split('.');
  return sub ? { technique: { uid: parent }, sub_technique: { uid } } : { technique: { uid } };
}
