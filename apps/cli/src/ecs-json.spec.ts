import { emptyEventParts, type Event } from '@quell/contracts';
import { toEcsJson } from './ecs-json';

const event: Event = {
  ...emptyEventParts(),
  id: 'e1',
  tenant: 'acme',
  time: Date.UTC(2024, 4, 1, 10),
  ingestTime: Date.UTC(2024, 4, 1, 10, 0, 1),
  source: { type: 'windows-security', name: 'dc-logs' },
  className: 'authentication',
  classUid: 3002,
  action: 'logon',
  outcome: 'failure',
  severity: 3,
  host: { name: 'dc-1', ip: null },
  user: { name: 'bob', domain: 'CORP' },
  src: { ip: '10.0.0.5', port: 51000 },
  dst: null,
  process: { pid: 4, name: 'lsass.exe', executable: null, commandLine: 'lsass.exe -x', parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null },
  service: null,
  message: null,
  tags: [],
  original: { EventID: '4625' },
  rawText: '<Event/>',
  attackTechniques: ['T1110'],
  late: false,
  parseWarnings: [],
};

describe('toEcsJson', () => {
  it('maps the Event onto flat ECS names and leaves out what it does not have', () => {
    expect(toEcsJson(event)).toEqual({
      '@timestamp': '2024-05-01T10:00:00.000Z',
      'event.id': 'e1',
      'event.created': '2024-05-01T10:00:01.000Z',
      'event.category': 'authentication',
      'event.action': 'logon',
      'event.outcome': 'failure',
      'event.severity': 3,
      'event.module': 'windows-security',
      'event.provider': 'dc-logs',
      'ocsf.class_uid': 3002,
      'quell.class': 'authentication',
      'organization.id': 'acme',
      'host.name': 'dc-1',
      'user.name': 'bob',
      'user.domain': 'CORP',
      'source.ip': '10.0.0.5',
      'source.port': 51000,
      'process.pid': 4,
      'process.name': 'lsass.exe',
      'process.command_line': 'lsass.exe -x',
      'threat.technique.id': ['T1110'],
      'event.original': '<Event/>',
      'quell.original': { EventID: '4625' },
    });
  });

  it('writes the Event v2 fields under their ECS names', () => {
    const ecs = toEcsJson({
      ...event,
      code: '4625',
      provider: 'Microsoft-Windows-Security-Auditing',
      process: { ...event.process!, parentExecutable: 'C:\\Windows\\System32\\wininit.exe', parentPid: 560, hash: { md5: null, sha1: null, sha256: 'ab12' } },
      network: { transport: 'tcp', protocol: null, direction: 'inbound' },
      registry: { path: 'HKLM\\x\\y', value: 'y', data: '1' },
      http: { requestMethod: 'GET', responseStatusCode: 404 },
      cloud: { provider: 'aws', accountId: '123456789012', region: null, serviceName: 'iam.amazonaws.com' },
    });
    expect(ecs).toMatchObject({
      'event.code': '4625',
      'event.provider': 'Microsoft-Windows-Security-Auditing',
      'process.parent.executable': 'C:\\Windows\\System32\\wininit.exe',
      'process.parent.pid': 560,
      'process.hash.sha256': 'ab12',
      'network.transport': 'tcp',
      'network.direction': 'inbound',
      'registry.data.strings': ['1'],
      'http.response.status_code': 404,
      'cloud.account.id': '123456789012',
      'cloud.service.name': 'iam.amazonaws.com',
    });
    expect(ecs).not.toHaveProperty('network.protocol');
    expect(ecs).not.toHaveProperty('cloud.region');
  });

  it('uses ECS category values for classes named differently', () => {
    expect(toEcsJson({ ...event, className: 'config_change' })['event.category']).toBe('configuration');
    expect(toEcsJson({ ...event, className: 'other' })).not.toHaveProperty('event.category');
  });
});
