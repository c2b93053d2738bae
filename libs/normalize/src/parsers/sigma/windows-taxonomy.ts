import type { WindowsLog } from '../windows/windows-event-ids';
import { present } from '../windows/windows-fields';

/**
 * Sigma's Windows log-source categories (tests/logsource.json in SigmaHQ/sigma) and where their
 * fields come from. Sysmon already writes the taxonomy names into EventData; the Security log
 * names the same facts differently, so its fields are copied under the Sigma names as well
 * (THOR's sigma config does the same for 4688: Image ← NewProcessName, ParentImage ← ParentProcessName).
 * A native field is never overwritten: a rule written for the Security log still sees its own names.
 */

/** Sysmon event id → Sigma category (Sysmon 12's category depends on EventType). */
export const SYSMON_CATEGORIES: Record<string, string> = {
  '1': 'process_creation',
  '2': 'file_change',
  '3': 'network_connection',
  '4': 'sysmon_status',
  '5': 'process_termination',
  '6': 'driver_load',
  '7': 'image_load',
  '8': 'create_remote_thread',
  '9': 'raw_access_thread',
  '10': 'process_access',
  '11': 'file_event',
  '12': 'registry_add',
  '13': 'registry_set',
  '14': 'registry_rename',
  '15': 'create_stream_hash',
  '16': 'sysmon_status',
  '17': 'pipe_created',
  '18': 'pipe_created',
  '19': 'wmi_event',
  '20': 'wmi_event',
  '21': 'wmi_event',
  '22': 'dns_query',
  '23': 'file_delete',
  '24': 'clipboard_capture',
  '25': 'process_tampering',
  '26': 'file_delete',
  '27': 'file_block',
  '28': 'file_block',
  '29': 'file_executable_detected',
  '255': 'sysmon_error',
};

/** Security event id → Sigma category whose fields it can fill. */
export const SECURITY_CATEGORIES: Record<string, string> = {
  '4688': 'process_creation',
  '4689': 'process_termination',
  '5156': 'network_connection',
};

type Data = Record<string, string>;
type Derive = (data: Data) => string | undefined;

/** Mandatory label SID → the IntegrityLevel word Sysmon writes. */
const INTEGRITY: Record<string, string> = {
  'S-1-16-0': 'Untrusted',
  'S-1-16-4096': 'Low',
  'S-1-16-8192': 'Medium',
  'S-1-16-8448': 'MediumPlus',
  'S-1-16-12288': 'High',
  'S-1-16-16384': 'System',
};

/** `DOMAIN\user`, as Sysmon writes User. */
function account(domain: string | undefined, user: string | undefined): string | undefined {
  const name = present(user);
  if (!name) return undefined;
  return present(domain) ? `${domain}\\${name}` : name;
}

/** Security writes process ids in hex (`0x12d8`); Sysmon in decimal. */
export function decimalId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^0x[0-9a-f]+$/i.test(value) ? String(parseInt(value, 16)) : value;
}

function isIpv6(address: string | undefined): string | undefined {
  return address === undefined ? undefined : String(address.includes(':'));
}

/** Sigma field ← Security field, per Security event id. */
export const SECURITY_FIELDS: Record<string, Record<string, Derive>> = {
  '4688': {
    Image: (d) => d['NewProcessName'],
    ParentImage: (d) => d['ParentProcessName'],
    // The native ProcessId of 4688 is the creator's; it stays, and ParentProcessId says it in Sigma's terms.
    ParentProcessId: (d) => decimalId(d['ProcessId']),
    User: (d) => account(d['TargetDomainName'], d['TargetUserName']) ?? account(d['SubjectDomainName'], d['SubjectUserName']),
    ParentUser: (d) => account(d['SubjectDomainName'], d['SubjectUserName']),
    IntegrityLevel: (d) => INTEGRITY[d['MandatoryLabel'] ?? ''],
    LogonId: (d) => present(d['TargetLogonId']) !== undefined && d['TargetLogonId'] !== '0x0' ? d['TargetLogonId'] : d['SubjectLogonId'],
  },
  '4689': {
    Image: (d) => d['ProcessName'],
    User: (d) => account(d['SubjectDomainName'], d['SubjectUserName']),
  },
  '5156': {
    Image: (d) => d['Application'],
    SourceIp: (d) => d['SourceAddress'],
    DestinationIp: (d) => d['DestAddress'],
    DestinationPort: (d) => d['DestPort'],
    ProcessId: (d) => decimalId(d['ProcessID']),
    SourceIsIpv6: (d) => isIpv6(d['SourceAddress']),
    DestinationIsIpv6: (d) => isIpv6(d['DestAddress']),
    // %%14593 is "Outbound" in the Security message table.
    Initiated: (d) => (d['Direction'] === '%%14593' ? 'true' : d['Direction'] === '%%14592' ? 'false' : undefined),
  },
};

/** Windows Defender (THOR's windefend mapping): Signature ← ThreatName, Filename ← Path. */
const DEFENDER_FIELDS: Record<string, Derive> = {
  Signature: (d) => d['ThreatName'],
  Filename: (d) => d['Path'],
};

/** The Sigma category a Windows event belongs to, when it has one. */
export function windowsSigmaCategory(log: WindowsLog, eventId: string, data: Data): string | undefined {
  if (log === 'security') return SECURITY_CATEGORIES[eventId];
  if (log !== 'sysmon') return undefined;
  if (eventId === '12' && /^Delete/i.test(data['EventType'] ?? '')) return 'registry_delete';
  return SYSMON_CATEGORIES[eventId];
}

/** Adds the Sigma taxonomy names the record's own fields can fill, without touching native ones. */
export function fillWindowsTaxonomy(log: WindowsLog, channel: string | undefined, eventId: string, data: Data): Data {
  const derivations =
    log === 'security' ? SECURITY_FIELDS[eventId] : /windows defender/i.test(channel ?? '') ? DEFENDER_FIELDS : undefined;
  const out: Data = { ...data };
  // for-in over the constant table: Object.entries built an array of pairs per record.
  for (const name in derivations) {
    const value = present(derivations[name](data));
    if (out[name] === undefined && value !== undefined) out[name] = value;
  }
  return out;
}
