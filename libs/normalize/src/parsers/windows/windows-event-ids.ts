/**
 * What a Windows event id means: ECS `event.category` (which the Event builder turns into a Quell
 * class), `event.action` in Winlogbeat's vocabulary, and an outcome when the id alone decides it.
 * Ids are per channel: Sysmon's 1 is not Security's 1.
 */
export interface WindowsEventKind {
  category: string;
  action: string;
  outcome?: 'success' | 'failure';
}

const kind = (category: string, action: string, outcome?: 'success' | 'failure'): WindowsEventKind => ({ category, action, outcome });

/** Security log (Microsoft-Windows-Security-Auditing). */
export const SECURITY_EVENTS: Record<string, WindowsEventKind> = {
  '1100': kind('host', 'logging-service-shutdown'),
  '1102': kind('host', 'audit-log-cleared'),
  '4608': kind('host', 'windows-started'),
  '4616': kind('configuration', 'system-time-changed'),
  '4624': kind('authentication', 'logged-in', 'success'),
  '4625': kind('authentication', 'logon-failed', 'failure'),
  '4634': kind('authentication', 'logged-out', 'success'),
  '4647': kind('authentication', 'logged-out', 'success'),
  '4648': kind('authentication', 'logged-in-explicit', 'success'),
  '4656': kind('file', 'object-handle-requested'),
  '4657': kind('registry', 'registry-value-modified'),
  '4658': kind('file', 'object-handle-closed'),
  '4663': kind('file', 'object-access-attempted'),
  '4672': kind('authentication', 'logged-in-special', 'success'),
  '4688': kind('process', 'created-process'),
  '4689': kind('process', 'exited-process'),
  '4690': kind('process', 'handle-duplicated'),
  '4697': kind('configuration', 'service-installed'),
  '4698': kind('configuration', 'scheduled-task-created'),
  '4699': kind('configuration', 'scheduled-task-deleted'),
  '4700': kind('configuration', 'scheduled-task-enabled'),
  '4701': kind('configuration', 'scheduled-task-disabled'),
  '4702': kind('configuration', 'scheduled-task-updated'),
  '4719': kind('configuration', 'changed-audit-config'),
  '4720': kind('iam', 'added-user-account'),
  '4722': kind('iam', 'enabled-user-account'),
  '4723': kind('iam', 'changed-password'),
  '4724': kind('iam', 'reset-password'),
  '4725': kind('iam', 'disabled-user-account'),
  '4726': kind('iam', 'deleted-user-account'),
  '4728': kind('iam', 'added-member-to-group'),
  '4732': kind('iam', 'added-member-to-group'),
  '4738': kind('iam', 'modified-user-account'),
  '4739': kind('configuration', 'changed-domain-policy'),
  '4740': kind('iam', 'locked-out-user-account'),
  '4756': kind('iam', 'added-member-to-group'),
  '4768': kind('authentication', 'kerberos-authentication-ticket-requested'),
  '4769': kind('authentication', 'kerberos-service-ticket-requested'),
  '4771': kind('authentication', 'kerberos-preauth-failed', 'failure'),
  '4776': kind('authentication', 'credential-validated'),
  '4798': kind('iam', 'group-membership-enumerated'),
  '4907': kind('configuration', 'changed-audit-settings'),
  // Audit MPSSVC Rule-Level Policy Change (Microsoft Learn "Audit MPSSVC Rule-Level Policy Change"):
  // a Windows Firewall rule added, modified, deleted, the settings reset or one setting changed.
  '4946': kind('configuration', 'firewall-rule-added'),
  '4947': kind('configuration', 'firewall-rule-modified'),
  '4948': kind('configuration', 'firewall-rule-deleted'),
  '4949': kind('configuration', 'firewall-settings-restored'),
  '4950': kind('configuration', 'firewall-setting-changed'),
  '4954': kind('configuration', 'firewall-group-policy-applied'),
  '5140': kind('network', 'network-share-object-accessed'),
  '5145': kind('network', 'network-share-object-access-checked'),
  '5156': kind('network', 'connection-allowed', 'success'),
  '5157': kind('network', 'connection-blocked', 'failure'),
  '5158': kind('network', 'bind-allowed', 'success'),
};

/** Sysmon (Microsoft-Windows-Sysmon/Operational). */
export const SYSMON_EVENTS: Record<string, WindowsEventKind> = {
  '1': kind('process', 'Process Create'),
  '2': kind('file', 'File creation time changed'),
  '3': kind('network', 'Network connection detected'),
  '4': kind('host', 'Sysmon service state changed'),
  '5': kind('process', 'Process terminated'),
  '6': kind('driver', 'Driver loaded'),
  '7': kind('process', 'Image loaded'),
  '8': kind('process', 'CreateRemoteThread detected'),
  '9': kind('file', 'RawAccessRead detected'),
  '10': kind('process', 'Process accessed'),
  '11': kind('file', 'File created'),
  '12': kind('registry', 'Registry object added or deleted'),
  '13': kind('registry', 'Registry value set'),
  '14': kind('registry', 'Registry object renamed'),
  '15': kind('file', 'File stream created'),
  '16': kind('configuration', 'Sysmon config state changed'),
  '17': kind('file', 'Pipe Created'),
  '18': kind('file', 'Pipe Connected'),
  '19': kind('configuration', 'WmiEventFilter activity detected'),
  '20': kind('configuration', 'WmiEventConsumer activity detected'),
  '21': kind('configuration', 'WmiEventConsumerToFilter activity detected'),
  '22': kind('network', 'Dns query'),
  '23': kind('file', 'File Delete archived'),
  '24': kind('process', 'Clipboard changed'),
  '25': kind('process', 'Process Tampering'),
  '26': kind('file', 'File Delete logged'),
  '27': kind('file', 'File Block Executable'),
  '28': kind('file', 'File Block Shredding'),
  '29': kind('file', 'File Executable Detected'),
  '255': kind('host', 'Error'),
};

const FIREWALL_CHANNEL = 'microsoft-windows-windows firewall with advanced security/firewall';

function firewallChannel(actions: Record<string, string>): Record<string, WindowsEventKind> {
  return Object.fromEntries(Object.entries(actions).map(([id, action]) => [`${FIREWALL_CHANNEL}:${id}`, kind('configuration', action)]));
}

/** Other channels Sigma rules read, keyed `channel:id` (channel lower-cased). */
export const OTHER_EVENTS: Record<string, WindowsEventKind> = {
  'system:104': kind('host', 'audit-log-cleared'),
  'system:7045': kind('configuration', 'service-installed'),
  'system:7036': kind('host', 'service-state-changed'),
  'microsoft-windows-powershell/operational:4103': kind('process', 'Executing Pipeline'),
  'microsoft-windows-powershell/operational:4104': kind('process', 'Execute a Remote Command'),
  'windows powershell:400': kind('process', 'Engine state changed'),
  'windows powershell:800': kind('process', 'Pipeline execution details'),
  'microsoft-windows-windows defender/operational:1116': kind('malware', 'malware-detected'),
  'microsoft-windows-windows defender/operational:1117': kind('malware', 'malware-action-taken'),
  'microsoft-windows-windows defender/operational:1119': kind('malware', 'malware-action-failed', 'failure'),
  'microsoft-windows-windows defender/operational:5001': kind('configuration', 'realtime-protection-disabled'),
  'microsoft-windows-wmi-activity/operational:5861': kind('configuration', 'wmi-permanent-subscription'),
  'microsoft-windows-wmi-activity/operational:5858': kind('host', 'wmi-operation-failed', 'failure'),
  'microsoft-windows-taskscheduler/operational:106': kind('configuration', 'scheduled-task-registered'),
  // The firewall's own channel, which names the modifying user (SID) and application; Windows 10
  // ids, then Windows 11's, as SigmaHQ's firewall-as rules list them (rules/windows/builtin/firewall_as).
  ...firewallChannel({
    '2004': 'firewall-rule-added', '2071': 'firewall-rule-added', '2097': 'firewall-rule-added',
    '2005': 'firewall-rule-modified', '2073': 'firewall-rule-modified',
    '2006': 'firewall-rule-deleted', '2052': 'firewall-rule-deleted',
    '2033': 'firewall-rules-deleted', '2059': 'firewall-rules-deleted',
    '2032': 'firewall-settings-restored', '2060': 'firewall-settings-restored',
    '2002': 'firewall-setting-changed', '2083': 'firewall-setting-changed', '2003': 'firewall-setting-changed', '2082': 'firewall-setting-changed',
    '2008': 'firewall-group-policy-applied',
  }),
};

export type WindowsLog = 'security' | 'sysmon' | 'other';

export function windowsLog(channel: string | undefined, provider: string | undefined): WindowsLog {
  if (channel === 'Security' || provider === 'Microsoft-Windows-Security-Auditing') return 'security';
  if (channel?.startsWith('Microsoft-Windows-Sysmon') || provider === 'Microsoft-Windows-Sysmon') return 'sysmon';
  return 'other';
}

export function windowsEventKind(log: WindowsLog, channel: string | undefined, eventId: string): WindowsEventKind | undefined {
  if (log === 'security') return SECURITY_EVENTS[eventId];
  if (log === 'sysmon') return SYSMON_EVENTS[eventId];
  return OTHER_EVENTS[`${(channel ?? '').toLowerCase()}:${eventId}`];
}
