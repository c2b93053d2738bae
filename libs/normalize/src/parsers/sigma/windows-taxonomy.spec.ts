import { readFileSync } from 'node:fs';
import { parseJson } from '../json-parser';
import { LOGSOURCE_JSON, otrfLines, regressionEvents } from '../windows/corpus-reader.test-util';
import { windowsLog } from '../windows/windows-event-ids';
import { windowsSigmaCategory } from './windows-taxonomy';

interface LogSources {
  legit: { windows: { common: string[]; category: Record<string, string[]> } };
}
const taxonomy = (JSON.parse(readFileSync(LOGSOURCE_JSON, 'utf8')) as LogSources).legit.windows;

/**
 * Facts the source does not record, per `Channel:EventID`: those taxonomy fields cannot resolve.
 * Everything else logsource.json lists for the event's category must be in `original`.
 */
const NOT_RECORDED: Record<string, string[]> = {
  // Sysmon never writes the grandparent; only Sysmon 13/14 carry Details.
  'Microsoft-Windows-Sysmon/Operational:1': ['GrandParentImage'],
  'Microsoft-Windows-Sysmon/Operational:3': ['ParentImage'],
  'Microsoft-Windows-Sysmon/Operational:12': ['Details'],
  'Microsoft-Windows-Sysmon/Operational:10': ['SourceUser', 'TargetUser'],
  'Security:4688': [
    'Company', 'CurrentDirectory', 'Description', 'FileVersion', 'Hashes', 'LogonGuid', 'OriginalFileName',
    'ParentCommandLine', 'ParentProcessGuid', 'ProcessGuid', 'Product', 'TerminalSessionId', 'GrandParentImage',
  ],
  'Security:4689': ['ProcessGuid'],
  'Security:5156': [
    'DestinationHostname', 'DestinationPortName', 'ProcessGuid', 'SourceHostname', 'SourcePortName', 'User', 'ParentImage',
  ],
};

/** The OTRF recording (2020) predates Sysmon 13: only its process creation and network events name a User. */
const OLD_SYSMON = ['User', 'ParentUser'];

function categoryOf(original: Record<string, string>): string | undefined {
  return windowsSigmaCategory(windowsLog(original['Channel'], original['Provider_Name']), original['EventID'], original);
}

const regression = regressionEvents().map((e) => parseJson(e.text, { receivedAt: 0 }).original);
const otrf = otrfLines().map((text) => parseJson(text, { receivedAt: 0 }).original);
const corpus = [...regression, ...otrf];

/** Winlogbeat renderings of Sysmon 3 and 22 (field names from the Sysmon schema), not in the corpora. */
const winlogbeat = [
  {
    '@timestamp': '2019-03-18T16:57:38.636Z',
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: 3,
      provider_name: 'Microsoft-Windows-Sysmon',
      computer_name: 'vagrant-2016',
      user: { identifier: 'S-1-5-18' },
      event_data: {
        UtcTime: '2019-03-18 16:57:38.636', ProcessGuid: '{42f11c3b-ce01-5c8f-0000-00109f8fb101}', ProcessId: '3712',
        Image: 'C:\\Windows\\System32\\svchost.exe', User: 'NT AUTHORITY\\NETWORK SERVICE', Protocol: 'udp',
        Initiated: 'true', SourceIsIpv6: 'false', SourceIp: '10.0.2.15', SourceHostname: 'vagrant-2016.local',
        SourcePort: '55904', SourcePortName: '', DestinationIsIpv6: 'false', DestinationIp: '10.0.2.3',
        DestinationHostname: 'dns.local', DestinationPort: '53', DestinationPortName: 'domain', RuleName: '',
      },
    },
  },
  {
    '@timestamp': '2019-03-18T16:57:39.000Z',
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: 22,
      provider_name: 'Microsoft-Windows-Sysmon',
      computer_name: 'vagrant-2016',
      user: { identifier: 'S-1-5-18' },
      event_data: {
        UtcTime: '2019-03-18 16:57:39.000', ProcessGuid: '{42f11c3b-ce01-5c8f-0000-00109f8fb101}', ProcessId: '3712',
        QueryName: 'www.example.com', QueryStatus: '0', QueryResults: '::ffff:93.184.216.34;',
        Image: 'C:\\Windows\\System32\\svchost.exe', User: 'NT AUTHORITY\\NETWORK SERVICE',
      },
    },
  },
].map((record) => parseJson(JSON.stringify(record), { receivedAt: 0 }).original);

const samples = [...corpus, ...winlogbeat];
const byCategory = new Map<string, Array<Record<string, string>>>();
for (const original of samples) {
  const category = categoryOf(original);
  if (category) byCategory.set(category, [...(byCategory.get(category) ?? []), original]);
}

describe('Sigma Windows taxonomy (tests/logsource.json) on real records', () => {
  it('covers the categories the corpora hold, from Sysmon and from the Security log', () => {
    expect([...byCategory.keys()].sort()).toEqual([
      'dns_query', 'file_event', 'image_load', 'network_connection', 'pipe_created', 'process_access',
      'process_creation', 'process_termination', 'registry_add', 'registry_delete', 'registry_set',
    ]);
  });

  it.each([...byCategory.entries()].sort().map(([category, list]) => [category, list.length, list] as const))(
    '%s: every listed field resolves on its %i samples unless the source does not record it',
    (category, _count, list) => {
      for (const original of list) {
        const source = `${original['Channel']}:${original['EventID']}`;
        const old = otrf.includes(original) && original['Channel'].includes('Sysmon');
        const unavailable = [...(NOT_RECORDED[source] ?? []), ...(old ? OLD_SYSMON : [])];
        const missing = taxonomy.category[category].filter((f) => original[f] === undefined && !unavailable.includes(f));
        expect({ source, missing }).toEqual({ source, missing: [] });
      }
    },
  );

  it('the common fields resolve in all three shapes', () => {
    for (const original of samples) {
      const missing = taxonomy.common.filter((f) => f !== 'Security_UserID' && original[f] === undefined);
      expect(missing).toEqual([]);
    }
    // evtx_dump and Winlogbeat carry the System Security UserID; NXLog only when its UserID is set.
    expect(corpus[0]['Security_UserID']).toMatch(/^S-1-/);
    expect(winlogbeat[0]['Security_UserID']).toBe('S-1-5-18');
  });

  it('Security 4688 answers in Sysmon terms: Image, ParentImage, User, IntegrityLevel, ParentProcessId', () => {
    const security = byCategory.get('process_creation')?.find((o) => o['EventID'] === '4688');
    expect(security).toMatchObject({
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      ParentImage: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      User: 'WORKSTATION5\\wardog',
      IntegrityLevel: 'High',
      ParentProcessId: '6100',
      ProcessId: '0x17d4', // native: the creator's id, never overwritten
    });
  });
});
