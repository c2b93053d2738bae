import type { Alert, Change, Event, Incident, RawEvent, RuleMatch } from '../generated/types';
import type { ContractTypes, SchemaName } from '../schema-names';

// Realistic records for round-trip tests: a brute-force login followed by a firewall change.
const T0 = Date.UTC(2026, 10, 28, 2, 14, 7, 123);

const rawEvent: RawEvent = {
  id: '019ac8f2-6a1b-7c3d-9e4f-0a1b2c3d4e5f',
  tenant: 'acme',
  receivedAt: T0 + 250,
  source: { type: 'kafka', name: 'shipper.windows', host: 'dc01.acme.local' },
  format: 'json',
  contentType: 'application/json',
  payload: Buffer.from('{"EventID":4625,"TargetUserName":"admin","IpAddress":"203.0.113.7"}'),
  attributes: { 'kafka.topic': 'winlogbeat', 'kafka.partition': '3' },
};

const event: Event = {
  id: '019ac8f2-6a1c-7c3d-9e4f-0a1b2c3d4e60',
  tenant: 'acme',
  time: T0,
  ingestTime: T0 + 250,
  source: { type: 'windows-security', name: 'shipper.windows' },
  className: 'authentication',
  classUid: 3002,
  action: 'logon',
  outcome: 'failure',
  severity: 3,
  host: { name: 'dc01', ip: '10.0.0.5' },
  user: { name: 'admin', domain: 'ACME' },
  src: { ip: '203.0.113.7', port: 51234 },
  dst: { ip: '10.0.0.5', port: 3389 },
  process: {
    pid: 4242,
    name: 'lsass.exe',
    executable: 'C:\\Windows\\System32\\lsass.exe',
    commandLine: null,
    parentName: 'wininit.exe',
    parentCommandLine: null,
    parentExecutable: 'C:\\Windows\\System32\\wininit.exe',
    parentPid: 560,
    hash: { md5: null, sha1: null, sha256: '0f0c5ef4dd8f1aeb1a8d6c2e6a7b0f4e44f3c5a6b1d0e2f9a8b7c6d5e4f3a2b1' },
  },
  service: 'identity',
  message: 'An account failed to log on.',
  tags: ['windows', 'auth'],
  original: { EventID: '4625', TargetUserName: 'admin', IpAddress: '203.0.113.7', LogonType: '10' },
  rawText: '{"EventID":4625,"TargetUserName":"admin","IpAddress":"203.0.113.7"}',
  attackTechniques: ['T1110.001'],
  late: false,
  parseWarnings: [],
  code: '4625',
  provider: 'Microsoft-Windows-Security-Auditing',
  observer: { vendor: 'Microsoft', product: 'Windows', version: null, hostname: 'dc01.acme.local', ip: null, type: null },
  network: { transport: 'tcp', protocol: 'rdp', direction: 'inbound' },
  file: null,
  registry: null,
  dns: null,
  url: null,
  http: null,
  userAgent: null,
  cloud: null,
};

const alert: Alert = {
  id: '019ac8f3-0000-7000-8000-000000000001',
  tenant: 'acme',
  rule: {
    id: '5a3d7c1e-8b4f-4f2a-9c6d-1e2f3a4b5c6d',
    title: 'Brute force against a domain controller',
    version: '2',
    level: 'high',
    author: 'SOC team',
    tags: ['attack.credential-access', 'attack.t1110.001'],
  },
  kind: 'correlation',
  entities: [
    { type: 'host', value: 'dc01' },
    { type: 'ip', value: '203.0.113.7' },
  ],
  fingerprint: 'b1946ac92492d2347c6235b4d2611184',
  firstSeen: T0,
  lastSeen: T0 + 45_000,
  eventCount: 57,
  sampleEventIds: ['019ac8f2-6a1c-7c3d-9e4f-0a1b2c3d4e60'],
  tactics: ['credential-access'],
  techniques: ['T1110.001'],
  killChainPhase: 'exploitation',
  explanation: '57 failed logons from 203.0.113.7 within 5m (condition gte 10)',
  details: { 'correlation.type': 'event_count', 'correlation.value': '57', 'correlation.condition': 'gte 10', 'correlation.group.IpAddress': '203.0.113.7' },
  suppression: { state: 'none', changeId: null, reason: null },
  dedup: { count: 3, firstSeen: T0 + 1_000 },
};

const incident: Incident = {
  id: '019ac8f4-0000-7000-8000-000000000002',
  tenant: 'acme',
  title: 'Brute force against dc01 from 203.0.113.7',
  status: 'acknowledged',
  severity: 'high',
  priority: 2,
  services: ['identity'],
  entities: [{ type: 'host', value: 'dc01' }],
  alertIds: [alert.id],
  alertCount: 1,
  firstSeen: T0,
  lastSeen: T0 + 45_000,
  killChainPhases: ['exploitation'],
  relatedChangeIds: [],
  assignee: 'j.doe',
  timeline: [
    { at: T0 + 46_000, actor: 'system:incident-manager', action: 'created', detail: null },
    { at: T0 + 120_000, actor: 'j.doe', action: 'acknowledged', detail: 'looking into it' },
  ],
  timelineDropped: 0,
  version: 2,
};

const change: Change = {
  id: 'CHG0012345',
  tenant: 'acme',
  title: 'Firewall rule update for the VPN concentrator',
  ticketRef: 'CHG0012345',
  kind: 'normal',
  status: 'approved',
  scope: {
    hosts: ['fw-*'],
    ips: ['10.20.0.0/16'],
    services: ['vpn'],
    tags: [],
    eventClasses: ['config_change'],
    actions: ['rule_modified'],
    rules: [],
  },
  windows: [{ start: T0, end: T0 + 7_200_000, rrule: 'FREQ=WEEKLY;BYDAY=SA', timeZone: 'Europe/Berlin', exdates: [T0 + 7 * 86_400_000] }],
  owner: 'netops',
  approver: 'cab',
  approvals: [{ by: 'cab', at: T0 - 86_400_000, decision: 'approved', comment: 'standard VPN maintenance' }],
  version: 1,
};

const ruleMatch: RuleMatch = {
  matchId: '019ac8f2-6a1c-7c3d-9e4f-0a1b2c3d4e60#failed-logon',
  tenant: 'acme',
  correlationId: 'brute-force',
  groupKey: '["203.0.113.7"]',
  rule: { id: 'failed-logon', name: 'failed_logon', title: 'Failed logon', level: 'low' },
  eventId: '019ac8f2-6a1c-7c3d-9e4f-0a1b2c3d4e60',
  eventTime: T0,
  fields: { IpAddress: '203.0.113.7', LogonType: 10, Elevated: false, Workstation: null },
  entities: [
    { type: 'host', value: 'dc01' },
    { type: 'ip', value: '203.0.113.7' },
  ],
};

export const SAMPLES: { [N in SchemaName]: ContractTypes[N] } = {
  RawEvent: rawEvent,
  Event: event,
  Alert: alert,
  Incident: incident,
  Change: change,
  RuleMatch: ruleMatch,
};
