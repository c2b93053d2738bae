// Generated from /work/shared/corpora/sigma/tests/thor.yml (THOR's Windows log source map, with its fieldmappings and the antivirus mapping, and its conditions beside EventID); regenerate, do not edit by hand.

/** Windows `service` → the event log channels (Channel field) it names. */
export const WINDOWS_SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  security: ['Security'],
  system: ['System'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: ['Microsoft-Windows-AppLocker/MSI and Script', 'Microsoft-Windows-AppLocker/EXE and DLL', 'Microsoft-Windows-AppLocker/Packaged app-Deployment', 'Microsoft-Windows-AppLocker/Packaged app-Execution'],
  'msexchange-management': ['MSExchange Management'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'capi2': ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': ['Microsoft-Windows-Application-Experience/Program-Telemetry', 'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
};

/**
 * Where a Windows category's events come from: a service (hence channels), event ids and, when THOR
 * names them, other fields' values (`EventType: CreateKey`; compared without case).
 */
export interface WindowsCategorySource {
  service: string;
  eventIds: readonly number[];
  conditions?: Readonly<Record<string, string>>;
}

/** Windows `category` → where its events come from. */
export const WINDOWS_CATEGORY_SOURCES: Readonly<Record<string, readonly WindowsCategorySource[]>> = {
  process_creation: [{ service: 'sysmon', eventIds: [1] }, { service: 'security', eventIds: [4688] }],
  file_change: [{ service: 'sysmon', eventIds: [2] }],
  network_connection: [{ service: 'sysmon', eventIds: [3] }],
  sysmon_status: [{ service: 'sysmon', eventIds: [4] }, { service: 'sysmon', eventIds: [16] }],
  process_termination: [{ service: 'sysmon', eventIds: [5] }],
  driver_load: [{ service: 'sysmon', eventIds: [6] }],
  image_load: [{ service: 'sysmon', eventIds: [7] }],
  create_remote_thread: [{ service: 'sysmon', eventIds: [8] }],
  raw_access_thread: [{ service: 'sysmon', eventIds: [9] }],
  process_access: [{ service: 'sysmon', eventIds: [10] }],
  file_event: [{ service: 'sysmon', eventIds: [11] }],
  registry_event: [{ service: 'sysmon', eventIds: [12] }, { service: 'sysmon', eventIds: [13] }, { service: 'sysmon', eventIds: [14] }],
  registry_add: [{ service: 'sysmon', eventIds: [12], conditions: { EventType: 'CreateKey' } }],
  registry_delete: [{ service: 'sysmon', eventIds: [12], conditions: { EventType: 'DeleteKey' } }, { service: 'sysmon', eventIds: [12], conditions: { EventType: 'DeleteValue' } }],
  registry_set: [{ service: 'sysmon', eventIds: [13] }],
  registry_rename: [{ service: 'sysmon', eventIds: [14] }],
  create_stream_hash: [{ service: 'sysmon', eventIds: [15] }],
  pipe_created: [{ service: 'sysmon', eventIds: [17] }, { service: 'sysmon', eventIds: [18] }],
  wmi_event: [{ service: 'sysmon', eventIds: [19] }, { service: 'sysmon', eventIds: [20] }, { service: 'sysmon', eventIds: [21] }],
  dns_query: [{ service: 'sysmon', eventIds: [22] }],
  file_delete: [{ service: 'sysmon', eventIds: [23] }],
  clipboard_change: [{ service: 'sysmon', eventIds: [24] }],
  process_tampering: [{ service: 'sysmon', eventIds: [25] }],
  file_delete_detected: [{ service: 'sysmon', eventIds: [26] }],
  file_block_executable: [{ service: 'sysmon', eventIds: [27] }],
  file_block_shredding: [{ service: 'sysmon', eventIds: [28] }],
  file_executable_detected: [{ service: 'sysmon', eventIds: [29] }],
  sysmon_error: [{ service: 'sysmon', eventIds: [255] }],
  ps_module: [{ service: 'powershell', eventIds: [4103] }],
  ps_script: [{ service: 'powershell', eventIds: [4104] }],
  ps_classic_start: [{ service: 'powershell-classic', eventIds: [400] }],
  ps_classic_provider_start: [{ service: 'powershell-classic', eventIds: [600] }],
  ps_classic_script: [{ service: 'powershell-classic', eventIds: [800] }],
  antivirus: [{ service: 'windefend', eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116] }],
};

/** The fields THOR's conditions read beside EventID: routing depends on their values. */
export const WINDOWS_CONDITION_FIELDS: readonly string[] = [
  ...new Set(Object.values(WINDOWS_CATEGORY_SOURCES).flatMap((sources) => sources.flatMap((s) => Object.keys(s.conditions ?? {})))),
];

/**
 * THOR's `fieldmappings`: where a Windows log writes a field a rule names in Sigma's terms, per
 * service and event ids (every id when absent). Rule field → the log's own field.
 */
export const WINDOWS_FIELD_RENAMES: readonly { service: string; eventIds?: readonly number[]; fields: Readonly<Record<string, string>> }[] = [
  { service: 'security', eventIds: [4688], fields: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' } },
  { service: 'windefend', fields: { Signature: 'ThreatName', Filename: 'Path' } },
];
