// GENERATED FILE, do not edit: derived from libs/contracts/schemas/*.avsc by
// tools/contracts/generate-types.mjs. Run `npm run contracts:generate` after changing a schema.

/** One record as received from a log shipper or the HTTP endpoint, before any parsing. Topic quell.raw.v1, keyed by source/host. */
export interface RawEvent {
  /** Time-ordered unique id (UUIDv7) assigned at ingest. */
  id: string;
  /** Tenant the record belongs to. */
  tenant: string;
  /** When ingest received the record, epoch milliseconds (decoded as a plain number). */
  receivedAt: number;
  /** Where the record came from. */
  source: RawEventSource;
  /** Parser hint, e.g. json, ndjson, syslog, cef, windows-xml; null lets the normalizer detect it. */
  format: string | null;
  /** MIME type of the payload as received. */
  contentType: string;
  /** The original bytes, unchanged (size bounded by ingest). */
  payload: Buffer;
  /** Transport metadata, e.g. Kafka headers or HTTP headers that ingest chose to keep. */
  attributes: Record<string, string>;
}

export interface RawEventSource {
  /** Transport or shipper kind, e.g. kafka, http, syslog, filebeat. */
  type: string;
  /** Configured source name, e.g. the input topic or the API client. */
  name: string;
  /** Host that sent the record, when known. */
  host: string | null;
}

/** A normalized event, modelled on OCSF classes and ECS field names so that Sigma's field taxonomy maps onto it. Topic quell.events.v1, keyed by entity (host). */
export interface Event {
  /** Time-ordered unique id (UUIDv7). */
  id: string;
  /** Tenant the event belongs to. */
  tenant: string;
  /** The event's own timestamp, epoch milliseconds; correlation windows use this time, not arrival time. */
  time: number;
  /** When ingest received the raw record, epoch milliseconds. */
  ingestTime: number;
  /** Product or log source that produced the event (ECS event.module / OCSF metadata.product). */
  source: EventSource;
  /** Event class: authentication, network, process, file, config_change, threat, system, application or other. A string, not an enum, so new classes do not break old readers. */
  className: string;
  /** OCSF class_uid (e.g. 3002 Authentication, 4001 Network Activity, 1007 Process Activity, 1001 File System Activity, 5002 Device Config State Change, 2004 Detection Finding); 0 when unknown. */
  classUid: number;
  /** What happened, e.g. logon, connection_opened, process_started, file_deleted, rule_modified (ECS event.action). */
  action: string | null;
  /** success, failure or unknown (ECS event.outcome). */
  outcome: string;
  /** OCSF severity_id: 0 unknown, 1 informational, 2 low, 3 medium, 4 high, 5 critical, 6 fatal. */
  severity: number;
  /** Host the event happened on. */
  host: Host | null;
  /** User the event is about (target user for authentication events). */
  user: User | null;
  /** Network source (ECS source.*). */
  src: Endpoint | null;
  /** Network destination (ECS destination.*). */
  dst: Endpoint | null;
  /** Process that performed the action (ECS process.*). */
  process: Process | null;
  /** Business service the event belongs to, as mapped by the normalizer. */
  service: string | null;
  /** Human-readable summary of the event. */
  message: string | null;
  /** Free-form tags. */
  tags: string[];
  /** The original fields flattened to dotted keys with string values, so Sigma rules can match fields the normalized model does not carry. */
  original: Record<string, string>;
  /** The raw text of the record, truncated by the producer to a bounded size. */
  rawText: string | null;
  /** MITRE ATT&CK technique ids known at normalization time, e.g. T1059.001. */
  attackTechniques: string[];
  /** True when the event arrived later than the allowed lateness; it is still stored and shown. */
  late: boolean;
  /** Problems met while normalizing that did not prevent it (e.g. unparseable timestamp replaced by ingest time). */
  parseWarnings: string[];
  /** The source's own id of the event kind (ECS event.code), e.g. a Windows event id 4625, a CEF signature id, a firewall message id. */
  code: string | null;
  /** The source of the event inside the log (ECS event.provider), e.g. the Windows provider Microsoft-Windows-Sysmon, a CloudTrail event source iam.amazonaws.com. */
  provider: string | null;
  /** The device that observed the event (ECS observer.*), when it is not the host the event is about. */
  observer: Observer | null;
  /** Network protocol details (ECS network.*). */
  network: Network | null;
  /** The file the event is about (ECS file.*). */
  file: File | null;
  /** The registry key or value the event is about (ECS registry.*). */
  registry: Registry | null;
  /** DNS details (ECS dns.*). */
  dns: Dns | null;
  /** The URL the event is about (ECS url.*). */
  url: Url | null;
  /** HTTP details (ECS http.*). */
  http: Http | null;
  /** The user agent as sent (ECS user_agent.original). */
  userAgent: string | null;
  /** Cloud context (ECS cloud.*). */
  cloud: Cloud | null;
}

export interface EventSource {
  /** Log type, e.g. windows-security, linux-auditd, aws-cloudtrail, syslog. */
  type: string;
  /** Configured source name. */
  name: string;
}

export interface Host {
  /** Host name (lower-cased by the normalizer). */
  name: string | null;
  /** Primary IP address of the host. */
  ip: string | null;
}

export interface User {
  /** User name. */
  name: string;
  /** Domain or realm of the user. */
  domain: string | null;
}

export interface Endpoint {
  /** IPv4 or IPv6 address. */
  ip: string | null;
  /** Transport port. */
  port: number | null;
}

export interface Process {
  /** Process id. */
  pid: number | null;
  /** Image name, e.g. powershell.exe. */
  name: string | null;
  /** Full path of the executable. */
  executable: string | null;
  /** Full command line. */
  commandLine: string | null;
  /** Parent image name. */
  parentName: string | null;
  /** Parent command line. */
  parentCommandLine: string | null;
  /** Full path of the parent's executable (ECS process.parent.executable; Sysmon ParentImage). */
  parentExecutable: string | null;
  /** Parent process id (ECS process.parent.pid). */
  parentPid: number | null;
  /** Hashes of the process's executable (ECS process.hash.*; Sysmon Hashes). */
  hash: Hashes | null;
}

/** Content hashes, lower-case hex (ECS *.hash.*). */
export interface Hashes {
  /** MD5 (ECS hash.md5). */
  md5: string | null;
  /** SHA-1 (ECS hash.sha1). */
  sha1: string | null;
  /** SHA-256 (ECS hash.sha256). */
  sha256: string | null;
}

/** The device or agent that saw and reported the event (ECS observer.*): a firewall, a proxy, an IDS. */
export interface Observer {
  /** Vendor, e.g. Fortinet (CEF Device Vendor, LEEF Vendor). */
  vendor: string | null;
  /** Product, e.g. FortiGate (CEF Device Product, LEEF Product). */
  product: string | null;
  /** Product version. */
  version: string | null;
  /** The observer's host name. */
  hostname: string | null;
  /** The observer's IP address. */
  ip: string | null;
  /** Kind of observer, e.g. firewall, ids, proxy. */
  type: string | null;
}

/** Network protocol details (ECS network.*). */
export interface Network {
  /** Transport protocol, lower case: tcp, udp, icmp, … (ECS network.transport). */
  transport: string | null;
  /** Application protocol, lower case: http, dns, ssh, … (ECS network.protocol). */
  protocol: string | null;
  /** ECS network.direction: inbound, outbound, internal, external, ingress, egress or unknown. */
  direction: string | null;
}

/** A file the event is about (ECS file.*). */
export interface File {
  /** Full path (ECS file.path). */
  path: string | null;
  /** File name with extension (ECS file.name). */
  name: string | null;
  /** Hashes of the file's content (ECS file.hash.*). */
  hash: Hashes | null;
}

/** A Windows registry key or value (ECS registry.*). */
export interface Registry {
  /** Full path of the key or value (ECS registry.path), e.g. HKLM\SOFTWARE\…\Run\updater. */
  path: string | null;
  /** Value name (ECS registry.value). */
  value: string | null;
  /** Value data as text (ECS registry.data.strings, joined). */
  data: string | null;
}

/** A DNS exchange (ECS dns.*). */
export interface Dns {
  /** The name queried (ECS dns.question.name). */
  questionName: string | null;
}

/** A URL (ECS url.*). */
export interface Url {
  /** The full URL as requested (ECS url.full). */
  full: string | null;
  /** The URL's host name (ECS url.domain). */
  domain: string | null;
}

/** An HTTP exchange (ECS http.*). */
export interface Http {
  /** Request method, upper case (ECS http.request.method). */
  requestMethod: string | null;
  /** Response status code (ECS http.response.status_code). */
  responseStatusCode: number | null;
}

/** The cloud account and service the event happened in (ECS cloud.*). */
export interface Cloud {
  /** aws, azure, gcp, … (ECS cloud.provider). */
  provider: string | null;
  /** Account, subscription or project id (ECS cloud.account.id). */
  accountId: string | null;
  /** Region (ECS cloud.region). */
  region: string | null;
  /** The cloud service called, e.g. iam.amazonaws.com (ECS cloud.service.name). */
  serviceName: string | null;
}

/** An alert raised by a detection, a correlation, an anomaly, threat intel or an unapproved change. The same record travels quell.alerts.v1, quell.alerts.screened.v1 (suppression set) and quell.alerts.unique.v1 (dedup set). */
export interface Alert {
  /** Time-ordered unique id (UUIDv7); stable for the whole episode, updates reuse it. */
  id: string;
  /** Tenant the alert belongs to. */
  tenant: string;
  /** The rule that raised the alert. */
  rule: AlertRule;
  /** detection, correlation, anomaly, intel or change (a string so new kinds do not break old readers). */
  kind: string;
  /** Entities the alert is about, e.g. host, user, ip, process, service. */
  entities: Entity[];
  /** Stable hash of rule id and group-by values; the dedup and partition key. */
  fingerprint: string;
  /** Event time of the first matching event, epoch milliseconds. */
  firstSeen: number;
  /** Event time of the latest matching event, epoch milliseconds. */
  lastSeen: number;
  /** Number of events that contributed to the alert. */
  eventCount: number;
  /** A bounded sample of contributing event ids (the producer caps its length). */
  sampleEventIds: string[];
  /** MITRE ATT&CK tactic names, e.g. initial-access. */
  tactics: string[];
  /** MITRE ATT&CK technique ids, e.g. T1110.003. */
  techniques: string[];
  /** Kill-chain phase the alert represents, e.g. reconnaissance, exploitation, actions-on-objectives. */
  killChainPhase: string | null;
  /** Why the alert fired, for a human: the condition that held and the values that made it hold. */
  explanation: string | null;
  /** Machine-readable facts behind the alert, e.g. correlation.type, correlation.value, correlation.condition, correlation.group.<field>, intel.list, intel.indicator, anomaly.baseline, anomaly.observed, anomaly.window, killchain.path. */
  details: Record<string, string>;
  /** Set by change-calendar: whether an approved change covers the alert. A suppressed alert is kept, never dropped. */
  suppression: Suppression;
  /** Set by the deduper: how many duplicates of this fingerprint were folded into this alert; null before dedup. */
  dedup: Dedup | null;
}

export interface AlertRule {
  /** Rule id (the Sigma rule id for Sigma rules). */
  id: string;
  /** Rule title. */
  title: string;
  /** Rule version or content hash, when known. */
  version: string | null;
  /** Sigma level: informational, low, medium, high or critical. */
  level: string;
  /** Rule author. */
  author: string | null;
  /** The rule's tags as written, e.g. attack.credential-access, attack.t1110, cve.2021-44228. */
  tags: string[];
}

export interface Entity {
  /** Entity type: host, user, ip, process, file, service, domain, hash ... */
  type: string;
  /** Entity value, normalized (host and user names lower-cased). */
  value: string;
}

export interface Suppression {
  /** none, suppressed or annotated. */
  state: string;
  /** Id of the covering change. */
  changeId: string | null;
  /** Why the alert was suppressed or annotated. */
  reason: string | null;
}

export interface Dedup {
  /** Number of duplicates seen in the dedup window, this one included. */
  count: number;
  /** When the first duplicate was seen, epoch milliseconds. */
  firstSeen: number;
}

/** The single source of truth for one incident: its state, evidence and every action taken. Topic quell.incidents.v1 (compacted), keyed by incident id; the latest version wins. */
export interface Incident {
  /** Time-ordered unique id (UUIDv7). */
  id: string;
  /** Tenant the incident belongs to. */
  tenant: string;
  /** Short human-readable title. */
  title: string;
  /** open, acknowledged, resolved or closed. */
  status: string;
  /** informational, low, medium, high or critical (the highest alert level, possibly raised by correlation). */
  severity: string;
  /** Handling priority, 1 (page now) to 5 (backlog). */
  priority: number;
  /** Affected business services. */
  services: string[];
  /** Affected entities, merged from the incident's alerts. */
  entities: Entity[];
  /** Ids of the alerts grouped into the incident (bounded by the producer; alertCount is the true total). */
  alertIds: string[];
  /** Total number of alerts grouped into the incident. */
  alertCount: number;
  /** Earliest alert first-seen time, epoch milliseconds. */
  firstSeen: number;
  /** Latest alert last-seen time, epoch milliseconds. */
  lastSeen: number;
  /** Kill-chain phases reached, in the order they were reached. */
  killChainPhases: string[];
  /** Changes that cover or explain the incident's alerts. */
  relatedChangeIds: string[];
  /** Who owns the incident. */
  assignee: string | null;
  /** Every action taken on the incident, oldest first. */
  timeline: TimelineEntry[];
  /** Oldest timeline entries dropped to keep the timeline under its cap (the opening entry is always kept); 0 when complete. */
  timelineDropped: number;
  /** Occurrences behind the incident's alerts, deduplicated repeats included (the sum of each alert's dedup count); 0 from a producer older than v3. */
  occurrenceCount: number;
  /** Distinct ids of the rules whose alerts the incident holds (bounded by the producer), for filtering and similarity. */
  ruleIds: string[];
  /** Distinct ATT&CK technique ids of the incident's alerts. */
  techniques: string[];
  /** Why the incident has its priority: every factor with its weight and what it added to the score, severity's first. */
  priorityFactors: PriorityFactor[];
  /** The priority in one line, e.g. P1 because: critical service payments (×2), after hours (+1). */
  priorityReason: string | null;
  /** Changes that covered one of the incident's alerts or touched its entities shortly before (context, never a reason to drop anything), closest first. */
  relatedChanges: RelatedChange[];
  /** Resolution code once resolved: true_positive, false_positive, benign, duplicate or other. */
  resolution: string | null;
  /** When the incident was last resolved, epoch milliseconds. */
  resolvedAt: number | null;
  /** The incident this one was merged into (it is then closed). */
  mergedInto: string | null;
  /** Ticket references per provider, e.g. jira: SOC-42, servicenow: INC0010023. */
  tickets: Record<string, string>;
  /** Incremented on every update; consumers ignore a record older than the one they hold. */
  version: number;
}

export interface TimelineEntry {
  /** When it happened, epoch milliseconds. */
  at: number;
  /** Who did it: a user name or system:<service>. */
  actor: string;
  /** What was done, e.g. created, alert_added, acknowledged, assigned, notified, resolved. */
  action: string;
  /** Free-text detail. */
  detail: string | null;
}

export interface PriorityFactor {
  /** Stable factor name, e.g. service-criticality, after-hours, kill-chain-stage. */
  id: string;
  /** For a human, e.g. critical service payments. */
  label: string;
  /** How the weight applies: + adds it, × multiplies the severity points. */
  op: string;
  /** The weight the rule gives. */
  weight: number;
  /** Points this factor changed the score by here (negative when it lowered it). */
  contribution: number;
}

export interface RelatedChange {
  /** Change id. */
  changeId: string;
  /** Change title. */
  title: string;
  /** Ticket reference, e.g. CHG0031. */
  ticket: string | null;
  /** Who owns the change. */
  owner: string | null;
  /** covers (an approved change covering an alert), scope (its scope matches an entity) or config_change (a config_change event on the same host). */
  relation: string;
  /** The entity it touched, e.g. host:fw-01. */
  entity: string | null;
  /** How long before the alert the change started (or its config change was seen), ms. */
  leadMs: number;
  /** For a human, e.g. started 4 min after CHG0031 on fw-01. */
  summary: string;
}

/** An entry of the change calendar: a planned change or a freeze window. Topic quell.changes.v1 (compacted), keyed by change id; the latest version wins. */
export interface Change {
  /** Change id. */
  id: string;
  /** Tenant the change belongs to. */
  tenant: string;
  /** Short human-readable title. */
  title: string;
  /** Reference in the ticketing system, e.g. CHG0012345. */
  ticketRef: string | null;
  /** normal, standard, emergency or freeze. */
  kind: string;
  /** requested, approved, rejected, cancelled or completed; only approved changes cover alerts. */
  status: string;
  /** What the change touches. The entities (hosts, ips, services, tags) name assets: an alert or event matches when any of its entities is named (at least one of these lists is non-empty). Event classes, actions and rules filter: an empty list allows anything, a non-empty one must match. */
  scope: ChangeScope;
  /** When the change may happen. */
  windows: ChangeWindow[];
  /** Who carries the change out and answers for it. Added in v2. */
  owner: string | null;
  /** Who approved the change. */
  approver: string | null;
  /** Every approve or reject decision, oldest first; approver names the latest approval. Added in v2. */
  approvals: ChangeApproval[];
  /** Incremented on every update; consumers ignore a record older than the one they hold. */
  version: number;
}

export interface ChangeScope {
  /** Host names or glob patterns (* and ?), case-insensitive. */
  hosts: string[];
  /** IP addresses and CIDR ranges (IPv4 or IPv6), matched against ip entities and an event's host, source and destination addresses. Added in v2. */
  ips: string[];
  /** Business services. */
  services: string[];
  /** Asset tags, matched against an alert's tag entities and an event's tags. */
  tags: string[];
  /** Event class names, e.g. config_change. */
  eventClasses: string[];
  /** Event actions, e.g. rule_modified. */
  actions: string[];
  /** Rule ids. */
  rules: string[];
}

export interface ChangeWindow {
  /** Window start (included), epoch milliseconds; the first occurrence when recurring. */
  start: number;
  /** Window end (excluded), epoch milliseconds; the first occurrence's end when recurring. */
  end: number;
  /** Optional RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=SA. */
  rrule: string | null;
  /** IANA time zone in which the recurrence is expanded, e.g. Europe/Berlin. */
  timeZone: string;
  /** RFC 5545 EXDATE: starts of occurrences that do not happen, epoch milliseconds. Added in v2. */
  exdates: number[];
}

export interface ChangeApproval {
  /** Who decided. */
  by: string;
  /** When, epoch milliseconds. */
  at: number;
  /** approved or rejected. */
  decision: string;
  /** Why, in the decider's words. */
  comment: string | null;
}

/** A detection rule's hit on one event, routed to one correlation: the correlator's stage 1 writes it to quell.matches.v1 keyed by tenant, correlation id and group-by values, so that every match of one correlation group lands in one partition and stage 2 keeps that group's window there. */
export interface RuleMatch {
  /** Unique per (event, rule): stage 2 ignores a replayed match with the same id and time. */
  matchId: string;
  /** Tenant of the event; correlation groups never span tenants. */
  tenant: string;
  /** The correlation this match feeds (one record per correlation that references the rule). */
  correlationId: string;
  /** The correlation's group-by values, JSON-encoded in group-by order; with tenant and correlation id the record key. */
  groupKey: string;
  /** The rule that matched: a detection rule, or an inner correlation for chained correlations. */
  rule: MatchedRule;
  /** Id of the matching event (for a chained match, the id of the inner correlation's alert). */
  eventId: string;
  /** The event's own time, epoch milliseconds: windows use it, never the arrival time. */
  eventTime: number;
  /** The event's values of the fields the correlations need (group-by, aliased and condition fields); null when the event lacks one. */
  fields: Record<string, string | number | boolean | null>;
  /** Entities of the event, carried to the correlation's alert. */
  entities: Entity[];
}

export interface MatchedRule {
  /** Rule id. */
  id: string;
  /** Sigma rule name, when the rule has one (correlations may reference rules by name). */
  name: string | null;
  /** Rule title. */
  title: string;
  /** Rule level, for the correlation's level escalation. */
  level: string | null;
}

/** What became of one notification of an incident transition on one channel. Topic quell.notifications.v1, keyed by incident id; the notifier writes it, the incident-manager records it on the incident's timeline (the notifier never writes incidents). */
export interface NotificationOutcome {
  /** Derived from the delivery key and the status: a re-published outcome carries the same id. */
  id: string;
  /** Tenant of the incident. */
  tenant: string;
  /** The incident notified about. */
  incidentId: string;
  /** opened, priority_raised, escalated, acknowledged or resolved. */
  transition: string;
  /** Stable key of the transition (incident id, action, time of the timeline entry): at most one notification per key and channel. */
  transitionKey: string;
  /** Name of the channel in the routing file, e.g. soc-slack. */
  channel: string;
  /** webhook, slack, teams, pagerduty, opsgenie, jira, servicenow or email. */
  channelType: string;
  /** sent (the receiver accepted it) or failed (given up after the last retry, or refused for good). */
  status: string;
  /** Attempts made, the first included. */
  attempts: number;
  /** The receiver's last HTTP status, when it answered. */
  httpStatus: number | null;
  /** Why it failed; null when sent. */
  error: string | null;
  /** The ticket the delivery created (Jira, ServiceNow), for the incident's ticket references. */
  ticket: TicketReference | null;
  /** When the outcome was decided, epoch milliseconds. */
  at: number;
}

export interface TicketReference {
  /** jira or servicenow. */
  provider: string;
  /** The ticket's key or number, e.g. SOC-42, INC0010023. */
  ref: string;
}
