import { decimalId, fillWindowsTaxonomy } from '../sigma/windows-taxonomy';
import type { ParsedRecord } from '../parsed-record';
import { windowsEventKind, windowsLog, type WindowsEventKind } from './windows-event-ids';
import { auditOutcome, basename, first, hashFields, present, registryValueName, splitAccount, transport, windowsTime } from './windows-fields';
import type { WindowsRecord } from './windows-shape';

/** Kerberos and NTLM validation events carry the outcome in a status code: 0x0 is success. */
const STATUS_OUTCOME = new Set(['4768', '4769', '4776']);

/** Authentication events are about the target account; everything else about the acting one. */
function userFields(data: Record<string, string>, kind: WindowsEventKind | undefined, fields: Record<string, string>): void {
  const names =
    kind?.category === 'authentication'
      ? ['TargetUserName', 'SubjectUserName', 'User', 'AccountName']
      : ['User', 'SubjectUserName', 'TargetUserName', 'AccountName'];
  const chosen = names.find((n) => present(data[n]) !== undefined);
  if (!chosen) return;
  const { name, domain } = splitAccount(data[chosen]);
  fields['user.name'] = name;
  const ownDomain = chosen === 'TargetUserName' ? data['TargetDomainName'] : chosen === 'SubjectUserName' ? data['SubjectDomainName'] : undefined;
  const userDomain = present(ownDomain) ?? domain;
  if (userDomain) fields['user.domain'] = userDomain;
}

function processFields(eventId: string, log: string, data: Record<string, string>, fields: Record<string, string>): void {
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) fields[key] = value;
  };
  const executable = first(data, ['Image', 'NewProcessName', 'ProcessName', 'Application']);
  set('process.executable', executable);
  set('process.name', basename(executable));
  set('process.command_line', present(data['CommandLine']));
  const pid = log === 'security' && eventId === '4688' ? data['NewProcessId'] : first(data, ['ProcessId', 'ProcessID']);
  set('process.pid', decimalId(present(pid)));
  set('process.parent.executable', present(data['ParentImage']));
  set('process.parent.name', basename(present(data['ParentImage'])));
  set('process.parent.command_line', present(data['ParentCommandLine']));
  set('process.parent.pid', decimalId(present(data['ParentProcessId'])));
  // Sysmon hashes the process's image in event 1 and the file it names in the others.
  if (log === 'sysmon') hashFields(present(data['Hashes']) ?? present(data['Hash']), eventId === '1' ? 'process.hash' : 'file.hash', fields);
}

const OBJECT_ACCESS = new Set(['4656', '4658', '4660', '4663', '4670']);

/** Sysmon 13 and Security 4657 name a registry value; their data is the value written. */
function registryFields(eventId: string, log: string, data: Record<string, string>, fields: Record<string, string>): void {
  if (log === 'security' && eventId === '4657') {
    const key = present(data['ObjectName']);
    const value = present(data['ObjectValueName']);
    if (key) fields['registry.path'] = value ? `${key}\\${value}` : key;
    if (value) fields['registry.value'] = value;
    if (present(data['NewValue'])) fields['registry.data.strings'] = data['NewValue'];
    return;
  }
  // Object access (4656, 4658, 4660, 4663, 4670) names a file or a registry key in ObjectName.
  if (log === 'security' && OBJECT_ACCESS.has(eventId)) {
    const object = present(data['ObjectName']);
    const type = data['ObjectType'];
    if (object && type === 'File') fields['file.path'] = object;
    else if (object && type === 'Key') fields['registry.path'] = object;
    return;
  }
  const target = present(data['TargetObject']);
  if (log !== 'sysmon' || !target) return;
  const valueEvent = eventId === '13' || /value/i.test(data['EventType'] ?? '');
  const value = valueEvent ? registryValueName(target) : undefined;
  if (value) fields['registry.value'] = value;
  if (eventId === '13' && present(data['Details'])) fields['registry.data.strings'] = data['Details'];
}

/** The filtering platform's direction codes (5156–5158) as the Security log writes them. */
const WFP_DIRECTIONS: Record<string, string> = { '%%14592': 'inbound', '%%14593': 'outbound', inbound: 'inbound', outbound: 'outbound' };

/**
 * Sysmon 3 says who initiated a connection (Winlogbeat's Sysmon pipeline writes egress/ingress);
 * the Security log's filtering platform events carry a direction code.
 */
function directionOf(log: string, eventId: string, data: Record<string, string>): string | undefined {
  if (log === 'security') return WFP_DIRECTIONS[(data['Direction'] ?? '').toLowerCase()];
  if (log !== 'sysmon' || eventId !== '3') return undefined;
  const initiated = data['Initiated']?.toLowerCase();
  return initiated === 'true' ? 'egress' : initiated === 'false' ? 'ingress' : undefined;
}

function networkFields(data: Record<string, string>, fields: Record<string, string>): void {
  const pairs: Array<[string, string[]]> = [
    ['source.ip', ['IpAddress', 'SourceIp', 'SourceAddress', 'ClientAddress']],
    ['source.port', ['IpPort', 'SourcePort']],
    ['destination.ip', ['DestinationIp', 'DestAddress']],
    ['destination.port', ['DestinationPort', 'DestPort']],
    ['destination.domain', ['DestinationHostname']],
    ['file.path', ['TargetFilename', 'ImageLoaded']],
    ['registry.path', ['TargetObject']],
    ['dns.question.name', ['QueryName']],
    ['service.name', ['ServiceName']],
  ];
  for (const [ecs, names] of pairs) {
    const value = first(data, names);
    // IpPort 0 means "no port" in logon events.
    if (value !== undefined && !(ecs === 'source.port' && value === '0')) fields[ecs] = value.replace(/^::ffff:/, '');
  }
  const proto = transport(present(data['Protocol']));
  if (proto) fields['network.transport'] = proto;
}

function outcomeOf(eventId: string, kind: WindowsEventKind | undefined, win: WindowsRecord): string | undefined {
  if (kind?.outcome) return kind.outcome;
  if (STATUS_OUTCOME.has(eventId) && win.data['Status'] !== undefined) return /^0x0+$/i.test(win.data['Status']) ? 'success' : 'failure';
  return auditOutcome(win.system['Keywords'] ?? win.data['Keywords'], win.data['EventType']);
}

/**
 * A Windows event (evtx_dump, Winlogbeat or NXLog shape) → ParsedRecord: the System header and
 * EventData under their own names plus the Sigma taxonomy names, and the ECS view of them.
 */
export function parseWindowsRecord(win: WindowsRecord): ParsedRecord {
  const eventId = win.system['EventID'] ?? '';
  const channel = win.system['Channel'];
  const log = windowsLog(channel, win.system['Provider_Name']);
  const data = fillWindowsTaxonomy(log, channel, eventId, win.data);
  const kind = windowsEventKind(log, channel, eventId);
  const fields: Record<string, string> = { 'event.code': eventId };
  const warnings: string[] = [];
  const time = windowsTime(win.time);
  if (time !== undefined) fields['@timestamp'] = new Date(time).toISOString();
  else if (win.time) warnings.push(`unparseable timestamp "${win.time}"`);
  if (win.system['Provider_Name']) fields['event.provider'] = win.system['Provider_Name'];
  if (win.system['Computer']) fields['host.name'] = win.system['Computer'];
  if (kind) {
    fields['event.category'] = kind.category;
    fields['event.action'] = kind.action;
  }
  const outcome = outcomeOf(eventId, kind, win);
  if (outcome) fields['event.outcome'] = outcome;
  userFields(data, kind, fields);
  processFields(eventId, log, data, fields);
  networkFields(data, fields);
  registryFields(eventId, log, data, fields);
  const fileName = basename(fields['file.path']);
  if (fileName) fields['file.name'] = fileName;
  const direction = directionOf(log, eventId, data);
  if (direction) fields['network.direction'] = direction;
  if (win.message) fields['message'] = win.message;
  // `data` is fillWindowsTaxonomy's own copy, read no further: the header goes into it rather than into a third map.
  return { format: 'windows', time, fields, original: Object.assign(data, win.system), warnings };
}
