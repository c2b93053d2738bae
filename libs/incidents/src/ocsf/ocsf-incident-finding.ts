import type { Alert, Incident } from '@quell/contracts';
import { activityId, impactId, observableTypeId, OCSF_VERSION, priorityId, severityId, statusId, verdictId } from './ocsf-codes';
import type { OcsfAttack, OcsfFindingInfo, OcsfIncidentFinding } from './ocsf-incident-finding.types';

export const OCSF_INCIDENT_FINDING_CLASS_UID = 2005;
const FINDINGS_CATEGORY_UID = 2;
const ANALYTIC_TYPE_RULE = 1;

export interface IncidentFindingInput {
  incident: Incident;
  /** The incident's alerts that are at hand; an alert id without its alert still gets a finding_info. */
  alerts: readonly Alert[];
  /** When the change being reported happened, epoch milliseconds. */
  time: number;
  /** Quell's version, for metadata.product.version. */
  productVersion: string;
  /** Resolution code (false_positive, true_positive, benign, …) once resolved; becomes the verdict. */
  resolution?: string;
  /** Why the incident has its priority, e.g. "P1 because: critical service payments (×2) …". */
  priorityReason?: string;
  /** The business criticality behind the priority (PriorityAssessment.criticality): the impact. */
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
    count: incident.alertCount,
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
  if (input.priorityReason) finding.desc = input.priorityReason;
  if (input.url) finding.src_url = input.url;
  if (input.impact) {
    finding.impact_id = impactId(input.impact);
    finding.impact = input.impact;
  }
  if (input.resolution) {
    finding.verdict_id = verdictId(input.resolution);
    finding.verdict = input.resolution;
  }
  return finding;
}

function findingInfos(incident: Incident, alerts: readonly Alert[]): OcsfFindingInfo[] {
  const byId = new Map(alerts.map((alert) => [alert.id, alert]));
  const ids = incident.alertIds.length > 0 ? incident.alertIds : alerts.map((alert) => alert.id);
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
  return alert.techniques.map((uid) => {
    const [parent, sub] = uid.split('.');
    return sub ? { technique: { uid: parent }, sub_technique: { uid }, ...tactic } : { technique: { uid }, ...tactic };
  });
}
