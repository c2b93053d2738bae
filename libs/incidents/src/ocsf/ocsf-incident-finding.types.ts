/** The part of OCSF 1.7.0 Incident Finding (class 2005) that Quell fills; names as OCSF spells them. */

export interface OcsfIncidentFinding {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  time: number;
  start_time: number;
  end_time: number;
  count: number;
  duration: number;
  message: string;
  desc?: string;
  severity_id: number;
  severity: string;
  priority_id: number;
  priority: string;
  status_id: number;
  status: string;
  status_detail?: string;
  impact_id?: number;
  impact?: string;
  verdict_id?: number;
  verdict?: string;
  src_url?: string;
  tickets?: OcsfTicket[];
  attacks?: OcsfAttack[];
  assignee?: { name: string };
  assignee_group?: { name: string };
  finding_info_list: OcsfFindingInfo[];
  observables: { name: string; type_id: number; value: string }[];
  metadata: {
    version: string;
    uid: string;
    correlation_uid: string;
    tenant_uid: string;
    profiles: string[];
    product: { name: string; vendor_name: string; version: string };
  };
}

export interface OcsfFindingInfo {
  uid: string;
  title?: string;
  desc?: string;
  first_seen_time?: number;
  last_seen_time?: number;
  types?: string[];
  analytic?: { uid: string; name: string; type_id: number; version?: string };
  attacks?: OcsfAttack[];
}

export interface OcsfAttack {
  tactic?: { name: string };
  technique?: { uid: string };
  sub_technique?: { uid: string };
}

export interface OcsfTicket {
  uid: string;
  title: string;
  type_id: number;
  type: string;
}
