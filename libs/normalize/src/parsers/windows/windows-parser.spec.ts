import { classFromEcsCategory } from '../../event-classes';
import { parseJson } from '../json-parser';

const ctx = { receivedAt: Date.parse('2026-11-28T12:00:00Z') };
const parse = (record: unknown, fieldMapping?: Record<string, string>) => parseJson(JSON.stringify(record), { ...ctx, fieldMapping });

/** evtx_dump's default rendering: attributes under `#attributes`. */
function evtx(system: Record<string, unknown>, eventData: Record<string, unknown> | null) {
  return {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } },
        Channel: 'Security',
        Computer: 'DC01.contoso.local',
        TimeCreated: { '#attributes': { SystemTime: '2026-11-28T10:15:30.123456Z' } },
        Execution: { '#attributes': { ProcessID: 676, ThreadID: 780 } },
        Security: null,
        ...system,
      },
      EventData: eventData,
    },
  };
}

const logon = {
  SubjectUserSid: 'S-1-5-18', SubjectUserName: 'DC01$', SubjectDomainName: 'CONTOSO', SubjectLogonId: '0x3e7',
  TargetUserSid: 'S-1-5-21-1-2-3-1013', TargetUserName: 'jsmith', TargetDomainName: 'CONTOSO', TargetLogonId: '0x95b23',
  LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM', WorkstationName: 'WKS7',
  ProcessId: '0x0', ProcessName: '-', IpAddress: '10.1.2.3', IpPort: '51234',
};

describe('Windows events in the evtx_dump shape', () => {
  it('4624: a successful logon of the target account from its source address', () => {
    const parsed = parse(evtx({ EventID: 4624, Keywords: '0x8020000000000000' }, logon));
    expect(parsed.format).toBe('windows');
    expect(parsed.time).toBe(Date.parse('2026-11-28T10:15:30.123Z'));
    expect(parsed.fields).toMatchObject({
      '@timestamp': '2026-11-28T10:15:30.123Z',
      'event.code': '4624',
      'event.category': 'authentication',
      'event.action': 'logged-in',
      'event.outcome': 'success',
      'event.provider': 'Microsoft-Windows-Security-Auditing',
      'host.name': 'DC01.contoso.local',
      'user.name': 'jsmith',
      'user.domain': 'CONTOSO',
      'source.ip': '10.1.2.3',
      'source.port': '51234',
    });
    expect(parsed.fields['process.executable']).toBeUndefined();
    expect(parsed.original).toMatchObject({
      EventID: '4624', Channel: 'Security', Provider_Name: 'Microsoft-Windows-Security-Auditing', Computer: 'DC01.contoso.local',
      TargetUserName: 'jsmith', LogonType: '3', IpAddress: '10.1.2.3', Execution_ProcessID: '676',
    });
  });

  it('4625 fails; 4634, 4648 and 4672 are authentication too', () => {
    expect(parse(evtx({ EventID: 4625 }, { ...logon, Status: '0xc000006d' })).fields).toMatchObject({ 'event.outcome': 'failure', 'event.action': 'logon-failed' });
    for (const id of [4634, 4648, 4672]) expect(parse(evtx({ EventID: id }, logon)).fields['event.category']).toBe('authentication');
  });

  it('Kerberos and NTLM validation take their outcome from Status', () => {
    const tgt = (status: string) => parse(evtx({ EventID: 4768 }, { TargetUserName: 'jsmith', Status: status, IpAddress: '::ffff:10.1.2.3' })).fields;
    expect(tgt('0x0')).toMatchObject({ 'event.outcome': 'success', 'source.ip': '10.1.2.3' });
    expect(tgt('0x6')['event.outcome']).toBe('failure');
    expect(parse(evtx({ EventID: 4776 }, { TargetUserName: 'jsmith', Workstation: 'WKS7', Status: '0xc0000064' })).fields['event.outcome']).toBe('failure');
    expect(parse(evtx({ EventID: 4769 }, { TargetUserName: 'jsmith@CONTOSO', Status: '0x0' })).fields['event.outcome']).toBe('success');
  });

  it('audit keywords decide the outcome when the id does not', () => {
    expect(parse(evtx({ EventID: 4663, Keywords: '0x8010000000000000' }, {})).fields['event.outcome']).toBe('failure');
    expect(parse(evtx({ EventID: 4663, Keywords: '0x8020000000000000' }, {})).fields['event.outcome']).toBe('success');
  });

  it('policy changes, audit log clearing and unknown ids', () => {
    const policy = parse(evtx({ EventID: 4719 }, { SubjectUserName: 'admin', SubjectDomainName: 'CONTOSO' })).fields;
    expect(classFromEcsCategory(policy['event.category'])).toBe('config_change');
    expect(classFromEcsCategory(parse(evtx({ EventID: 4739 }, {})).fields['event.category'])).toBe('config_change');
    expect(parse(evtx({ EventID: 4739 }, {})).fields['event.action']).toBe('changed-domain-policy');
    const unknown = parse(evtx({ EventID: 9999 }, {})).fields;
    expect(unknown['event.category']).toBeUndefined();
    expect(unknown['event.code']).toBe('9999');
  });

  it('1102 reads its fields from UserData', () => {
    const record = evtx({ EventID: 1102, Provider: { '#attributes': { Name: 'Microsoft-Windows-Eventlog' } } }, null) as { Event: Record<string, unknown> };
    record.Event['UserData'] = { LogFileCleared: { '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' }, SubjectUserSid: 'S-1-5-21-1-2-3-500', SubjectUserName: 'admin', SubjectDomainName: 'CONTOSO', SubjectLogonId: '0x1' } };
    const parsed = parse(record);
    expect(parsed.fields).toMatchObject({ 'event.action': 'audit-log-cleared', 'event.category': 'host', 'user.name': 'admin' });
    expect(parsed.original).toMatchObject({ SubjectUserName: 'admin', Provider_Name: 'Microsoft-Windows-Eventlog' });
  });

  it('4688: the new process, its parent, and the Sigma names', () => {
    const parsed = parse(evtx({ EventID: 4688 }, {
      SubjectUserName: 'alice', SubjectDomainName: 'CONTOSO', SubjectLogonId: '0x1f2e3', NewProcessId: '0x1a2c',
      NewProcessName: 'C:\\Windows\\System32\\whoami.exe', TokenElevationType: '%%1936', ProcessId: '0x2b0',
      CommandLine: 'whoami /all', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
      ParentProcessName: 'C:\\Windows\\System32\\cmd.exe', MandatoryLabel: 'S-1-16-8192',
    }));
    expect(parsed.fields).toMatchObject({
      'event.category': 'process', 'event.action': 'created-process', 'process.pid': '6700', 'process.name': 'whoami.exe',
      'process.executable': 'C:\\Windows\\System32\\whoami.exe', 'process.command_line': 'whoami /all',
      'process.parent.executable': 'C:\\Windows\\System32\\cmd.exe', 'process.parent.name': 'cmd.exe', 'process.parent.pid': '688',
      'user.name': 'alice', 'user.domain': 'CONTOSO',
    });
    expect(parsed.original).toMatchObject({ Image: 'C:\\Windows\\System32\\whoami.exe', ParentImage: 'C:\\Windows\\System32\\cmd.exe', User: 'CONTOSO\\alice', IntegrityLevel: 'Medium', LogonId: '0x1f2e3' });
  });

  it('reads the --separate-json-attributes rendering and `<Data Name>` lists', () => {
    const parsed = parse({
      Event: {
        System: {
          Provider_attributes: { Name: 'Microsoft-Windows-Sysmon' },
          EventID: 3,
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Computer: 'wks7',
          TimeCreated_attributes: { SystemTime: '2026-11-28T10:00:00Z' },
          Execution_attributes: { ProcessID: 2000 },
          Security_attributes: { UserID: 'S-1-5-18' },
        },
        EventData: {
          Data: [
            { '#attributes': { Name: 'Image' }, '#text': 'C:\\Tools\\nc.exe' },
            { '#attributes': { Name: 'User' }, '#text': 'CONTOSO\\bob' },
            { '#attributes': { Name: 'Protocol' }, '#text': 'tcp' },
            { '#attributes': { Name: 'SourceIp' }, '#text': '10.0.0.7' },
            { '#attributes': { Name: 'SourcePort' }, '#text': '50000' },
            { '#attributes': { Name: 'DestinationIp' }, '#text': '198.51.100.9' },
            { '#attributes': { Name: 'DestinationPort' }, '#text': '4444' },
            { '#attributes': { Name: 'DestinationHostname' }, '#text': '' },
          ],
        },
      },
    });
    expect(parsed.fields).toMatchObject({
      'event.category': 'network', 'host.name': 'wks7', 'user.name': 'bob', 'user.domain': 'CONTOSO', 'process.name': 'nc.exe',
      'source.ip': '10.0.0.7', 'source.port': '50000', 'destination.ip': '198.51.100.9', 'destination.port': '4444', 'network.transport': 'tcp',
      '@timestamp': '2026-11-28T10:00:00.000Z',
    });
    expect(parsed.original).toMatchObject({ Provider_Name: 'Microsoft-Windows-Sysmon', Security_UserID: 'S-1-5-18', Execution_ProcessID: '2000', DestinationHostname: '' });
  });

  it('reads python-evtx style EventID {Value} and SystemTime in epoch seconds', () => {
    const parsed = parse({ System: { Provider: { Name: 'Microsoft-Windows-Security-Auditing' }, EventID: { Value: 4624 }, Channel: 'Security', Computer: 'TestComputer', TimeCreated: { SystemTime: 1549462715.946133 } }, EventData: logon });
    expect(parsed.format).toBe('windows');
    expect(parsed.fields).toMatchObject({ 'event.code': '4624', '@timestamp': '2019-02-06T14:18:35.946Z', 'event.provider': 'Microsoft-Windows-Security-Auditing' });
  });
});

describe('Windows events as Winlogbeat ships them', () => {
  // elastic/beats x-pack/winlogbeat/module/security/test/testdata/collection/security-windows2012_4771.evtx.golden.json (trimmed)
  const kerberos = {
    '@timestamp': '2020-03-31T07:50:27.1681182Z',
    event: { action: 'Kerberos Authentication Service', code: '4771', kind: 'event', outcome: 'failure', provider: 'Microsoft-Windows-Security-Auditing' },
    host: { name: 'DC_TEST2k12.TEST.SAAS' },
    message: 'Kerberos pre-authentication failed.',
    winlog: {
      api: 'wineventlog', channel: 'Security', computer_name: 'DC_TEST2k12.TEST.SAAS',
      event_data: { IpAddress: '::ffff:192.168.5.44', IpPort: '53366', PreAuthType: '0', ServiceName: 'krbtgt/test.saas', Status: '0x12', TargetSid: 'S-1-5-21-1717121054-434620538-60925301-3057', TargetUserName: 'MPUIG', TicketOptions: '0x40810010' },
      event_id: '4771', keywords: ['Audit Failure'], opcode: 'Info', process: { pid: 496, thread: { id: 4552 } },
      provider_name: 'Microsoft-Windows-Security-Auditing', record_id: 5027836, task: 'Kerberos Authentication Service',
    },
  };

  it('4771: failed pre-authentication with the client address', () => {
    const parsed = parse(kerberos);
    expect(parsed.format).toBe('windows');
    expect(parsed.fields).toMatchObject({
      '@timestamp': '2020-03-31T07:50:27.168Z', 'event.code': '4771', 'event.category': 'authentication', 'event.outcome': 'failure',
      'host.name': 'DC_TEST2k12.TEST.SAAS', 'user.name': 'MPUIG', 'source.ip': '192.168.5.44', 'source.port': '53366',
      message: 'Kerberos pre-authentication failed.',
    });
    expect(Object.keys(parsed.original).filter((k) => k.startsWith('winlog.event_data.'))).toEqual([]);
    expect(parsed.original).toMatchObject({ EventID: '4771', Channel: 'Security', Provider_Name: 'Microsoft-Windows-Security-Auditing', Computer: 'DC_TEST2k12.TEST.SAAS', TargetUserName: 'MPUIG', Keywords: 'Audit Failure', Execution_ProcessID: '496' });
  });

  it('the per-source field mapping applies on top', () => {
    expect(parse(kerberos, { TicketOptions: 'tls.cipher', 'winlog.record_id': 'event.sequence' }).fields).toMatchObject({ 'tls.cipher': '0x40810010', 'event.sequence': '5027836' });
  });
});

describe('Windows events as NXLog ships them', () => {
  const nxlog = {
    EventTime: '2026-11-28 10:20:30', Hostname: 'WKS7.contoso.local', Keywords: -9214364837600034816, EventType: 'AUDIT_SUCCESS',
    SeverityValue: 2, Severity: 'INFO', EventID: 4624, SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security',
    Message: 'An account was successfully logged on.', Category: 'Logon', ...logon, EventReceivedTime: '2026-11-28 10:20:31',
    SourceModuleName: 'eventlog', SourceModuleType: 'im_msvistalog',
  };

  it('4624: flat System and EventData fields, time from EventTime', () => {
    const parsed = parse(nxlog);
    expect(parsed.format).toBe('windows');
    expect(parsed.fields).toMatchObject({ '@timestamp': '2026-11-28T10:20:30.000Z', 'host.name': 'WKS7.contoso.local', 'user.name': 'jsmith', 'event.outcome': 'success', 'source.ip': '10.1.2.3' });
    expect(parsed.original).toMatchObject({ EventID: '4624', Channel: 'Security', Provider_Name: 'Microsoft-Windows-Security-Auditing', Computer: 'WKS7.contoso.local', SourceModuleType: 'im_msvistalog' });
  });

  it('object access (4663) names the file or registry key it touched; a process object is neither', () => {
    const access = (ObjectType: string, ObjectName: string) => parse({ ...nxlog, EventID: 4663, ObjectServer: 'Security', ObjectType, ObjectName, ProcessName: 'C:\\Windows\\explorer.exe' }).fields;
    expect(access('File', 'C:\\Users\\bob\\secrets.kdbx')).toMatchObject({ 'file.path': 'C:\\Users\\bob\\secrets.kdbx', 'file.name': 'secrets.kdbx' });
    expect(access('Key', '\\REGISTRY\\MACHINE\\SAM')).toMatchObject({ 'registry.path': '\\REGISTRY\\MACHINE\\SAM' });
    const lsass = access('Process', '\\Device\\HarddiskVolume2\\Windows\\System32\\lsass.exe');
    expect([lsass['file.path'], lsass['registry.path']]).toEqual([undefined, undefined]);
  });

  it('the audit keyword mask in decimal gives the outcome when the id does not', () => {
    expect(parse({ ...nxlog, EventID: 4663, EventType: 'INFO' }).fields['event.outcome']).toBe('success');
  });

  it('an unparseable time is a warning, not an error', () => {
    const parsed = parse({ ...nxlog, EventTime: 'yesterday' });
    expect(parsed.warnings).toEqual(['unparseable timestamp "yesterday"']);
    expect(parsed.fields['@timestamp']).toBeUndefined();
  });
});

describe('what is not a Windows event', () => {
  it('an EventID without a channel or provider stays json', () => {
    expect(parse({ EventID: 4624, host: 'x' }).format).toBe('json');
    expect(parse({ winlog: { channel: 'Security' } }).format).toBe('json');
  });
});

describe('Winlogbeat documents whose ingest pipeline moved EventData into ECS', () => {
  // elastic/beats x-pack/winlogbeat/module/sysmon/test/testdata/sysmon-10.2-dns.evtx.golden.json, first event (trimmed)
  const dns = {
    '@timestamp': '2019-07-18T03:34:01.239Z',
    dns: { question: { name: 'go.microsoft.com' }, answers_count: 3 },
    event: { code: 22, kind: 'event', module: 'sysmon' },
    process: { entity_id: '{fa4a0de6-e8a8-5d2f-0000-001094619900}', executable: 'C:\\Program Files\\Internet Explorer\\iexplore.exe', name: 'iexplore.exe', pid: 356 },
    winlog: {
      api: 'wineventlog', channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: 'vagrant-2016', event_id: 22,
      process: { pid: 2828, thread: { id: 1684 } }, provider_name: 'Microsoft-Windows-Sysmon', record_id: 66,
      user: { domain: 'NT AUTHORITY', identifier: 'S-1-5-18', name: 'SYSTEM', type: 'Well Known Group' }, version: 5,
    },
  };

  it('takes the process and the query from the ECS fields', () => {
    const parsed = parse(dns);
    expect(parsed.format).toBe('windows');
    expect(parsed.fields).toMatchObject({ 'event.category': 'network', 'event.action': 'Dns query', 'process.executable': 'C:\\Program Files\\Internet Explorer\\iexplore.exe', 'process.pid': '356', 'host.name': 'vagrant-2016' });
    expect(parsed.original).toMatchObject({ EventID: '22', Image: 'C:\\Program Files\\Internet Explorer\\iexplore.exe', QueryName: 'go.microsoft.com', ProcessId: '356', Security_UserID: 'S-1-5-18' });
    expect(parsed.original).toMatchObject({ 'winlog.record_id': '66', 'dns.answers_count': '3', 'event.module': 'sysmon' });
  });
});
