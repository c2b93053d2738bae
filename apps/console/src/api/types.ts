/** The shapes the console reads, as the public APIs answer them (see /openapi.json). */

export interface Entity {
  type: string;
  value: string;
}

export interface TimelineEntry {
  at: number;
  actor: string;
  action: string;
  detail: string | null;
}

export interface PriorityFactor {
  id: string;
  label: string;
  op: string;
  weight: number;
  contribution: number;
}

export interface RelatedChange {
  changeId: string;
  title: string;
  ticket: string | null;
  owner: string | null;
  relation: string;
  entity: string | null;
  leadMs: number;
  summary: string;
}

export interface Incident {
  id: string;
  title: string;
  status: string;
  severity: string;
  priority: number;
  services: string[];
  entities: Entity[];
  alertCount: number;
  firstSeen: number;
  lastSeen: number;
  killChainPhases: string[];
  assignee: string | null;
  timeline: TimelineEntry[];
  ruleIds: string[];
  techniques: string[];
  priorityFactors: PriorityFactor[];
  priorityReason: string | null;
  relatedChanges: RelatedChange[];
  resolution: string | null;
  version: number;
}

export interface Alert {
  id: string;
  rule: { id: string; title: string; level: string };
  kind: string;
  entities: Entity[];
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  tactics: string[];
  techniques: string[];
  killChainPhase: string | null;
  explanation: string | null;
  suppression: { state: string; changeId: string | null; reason: string | null };
}

export interface EventSample {
  id: string;
  time: number;
  className: string;
  action: string | null;
  outcome: string;
  source: { type?: string; name?: string } | null;
  host: { name?: string | null } | null;
  user: { name?: string | null } | null;
}

export interface IncidentDetail {
  incident: Incident;
  alerts: Alert[];
  sampleEvents: EventSample[];
  unavailable: string[];
}

export interface IncidentPage {
  items: Incident[];
  nextCursor: string | null;
}

export interface SimilarAnswer {
  similar: { id: string; title: string; score: number; resolution: string | null; resolutionNote: string | null; summary: string }[];
}

export interface ChangeWindow {
  start: number;
  end: number;
  rrule: string | null;
  timeZone: string;
}

export interface Change {
  id: string;
  title: string;
  ticketRef: string | null;
  kind: string;
  status: string;
  windows: ChangeWindow[];
  owner: string | null;
  approver: string | null;
  scope: { hosts: string[]; ips: string[]; services: string[]; tags: string[] };
  version: number;
}

export interface RuleSummary {
  id: string | null;
  name: string | null;
  title: string;
  kind: string;
  level: string | null;
  status: string | null;
  file: string;
  line: number | null;
}

export interface RuleError {
  file: string;
  line: number;
  reason: string;
  servingPrevious?: boolean;
}

export interface RuleHits {
  range: string;
  items: { ruleId: string; title: string; hits: number; lastHit: number | string | null }[];
}

export interface Backtest {
  ruleId: string;
  range: string;
  eventsScanned: number;
  matches: number;
  sample: Record<string, unknown>[];
}

export interface Funnel {
  range: string;
  from: number | string;
  to: number | string;
  stages: { name: string; label: string; count: number; description?: string }[];
  eventRate: { bucketSeconds: number; series: { source: string; points: { at: number | string; count: number }[] }[] };
  /** How the server counted (e.g. by processing time), when it says. */
  note?: string;
}

export interface DeadLetter {
  id: string;
  tenant: string | null;
  reason: string;
  errorClass: string | null;
  stage: string | null;
  /** The consumer group (service stage) that gave up on it. */
  group: string | null;
  attempts: number | null;
  origin: { topic: string; partition: number; offset: string } | null;
  failedAt: string | null;
  preview: string;
  replayable?: boolean;
  /** Why it can never be replayed, or null. */
  notReplayable?: string | null;
  replayedAt?: string | null;
  replayedBy?: string | null;
}

/** A page of GET /v1/dead-letters, newest first. */
export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | null;
}

/** One attempt of the notifier to deliver an incident transition (GET /v1/deliveries). */
export interface DeliveryAttempt {
  incidentId: string;
  transition: string;
  channel: string;
  attempt: number;
  status: string;
  httpStatus: number | null;
  error: string | null;
  at: string;
}
