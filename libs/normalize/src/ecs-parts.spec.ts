import { ecsParts } from './ecs-parts';
import { classFromEcsCategory } from './event-classes';
import { cloudAuditFields } from './parsers/cloud/cloud-audit';
import { isConfigChange } from './parsers/config-change';

describe('ecsParts', () => {
  it('leaves every part null when the record carries none of its fields', () => {
    expect(Object.values(ecsParts({ 'host.name': 'web-1', 'source.ip': '10.0.0.1' })).every((v) => v === null)).toBe(true);
  });

  it('keeps a relative url.original out of url.full (a web server path is no URL) and derives the domain of an absolute one', () => {
    expect(ecsParts({ 'url.original': '/login?next=/admin' }).url).toBeNull();
    expect(ecsParts({ 'url.original': 'HTTPS://Portal.Example.COM:8443/a' }).url).toEqual({ full: 'HTTPS://Portal.Example.COM:8443/a', domain: 'portal.example.com' });
    expect(ecsParts({ 'url.full': 'not a url at all://' }).url).toEqual({ full: 'not a url at all://', domain: null });
  });

  it('drops values that do not convert rather than storing them as text', () => {
    expect(ecsParts({ 'http.request.method': 'get', 'http.response.status_code': 'OK' }).http).toEqual({ requestMethod: 'GET', responseStatusCode: null });
    expect(ecsParts({ 'network.direction': 'outgoing-ish' }).network).toEqual({ transport: null, protocol: null, direction: 'unknown' });
    expect(ecsParts({ 'observer.ip': 'fw01.corp' }).observer).toBeNull();
    expect(ecsParts({ 'observer.ip': '10.1.1.1,fe80::1' }).observer?.ip).toBe('10.1.1.1');
  });

  it('builds a file from its hash alone, and names it from its path', () => {
    expect(ecsParts({ 'file.hash.sha256': 'AB12' }).file).toEqual({ path: null, name: null, hash: { md5: null, sha1: null, sha256: 'ab12' } });
    expect(ecsParts({ 'file.path': 'C:\\Temp\\x.dll' }).file?.name).toBe('x.dll');
  });
});

describe('classFromEcsCategory with several categories', () => {
  it.each([
    ['authentication,session', 'authentication'],
    ['iam,configuration', 'config_change'],
    ['network,intrusion_detection', 'threat'],
    ['process,file', 'process'],
    ['web,network', 'network'],
    ['nonsense,other', 'other'],
  ])('%s → %s', (category, expected) => {
    expect(classFromEcsCategory(category)).toBe(expected);
  });
});

describe('isConfigChange', () => {
  it.each([
    [{ keys: ['FTNTFGTcfgpath'], labels: ['event:system Edit'] }],
    [{ labels: ['Object attribute configured'] }],
    [{ labels: [undefined, 'CONFIG'] }],
    [{ labels: ['Security policy installed on gateway'] }],
    [{ labels: ['/Modify/Configuration'] }],
  ])('recognizes %j', (signals) => {
    expect(isConfigChange(signals)).toBe(true);
  });

  it.each([
    [{ labels: ['traffic:forward close', 'traffic:forward'] }],
    [{ labels: ['FSSO logon authentication status'] }],
    [{ labels: ['Dynamic address updated'] }],
    [{ labels: ['ConfigurationError'] }],
    [{ labels: ['URL belongs to a denied category in policy'] }],
  ])('does not take %j for a configuration change', (signals) => {
    expect(isConfigChange(signals)).toBe(false);
  });
});

describe('cloudAuditFields', () => {
  const trail = (extra: Record<string, string>) => cloudAuditFields({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', ...extra })?.['event.category'];

  it('takes readOnly when CloudTrail says true or false, and the call name otherwise', () => {
    expect(trail({ readOnly: 'false' })).toBe('configuration');
    expect(trail({ readOnly: 'true' })).toBe('api');
    expect(trail({ readOnly: 'maybe' })).toBe('configuration');
    expect(trail({ eventName: 'DescribeInstances' })).toBe('api');
  });

  it('keeps a source address only when it is one (services calling on a user\'s behalf write their name)', () => {
    expect(cloudAuditFields({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', sourceIPAddress: 'ec2.amazonaws.com' })?.['source.ip']).toBeUndefined();
    expect(cloudAuditFields({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', sourceIPAddress: '2001:db8::7' })?.['source.ip']).toBe('2001:db8::7');
  });

  it('counts Kubernetes writes as configuration changes, but not reads, access reviews or lease renewals', () => {
    const k8s = (verb: string, resource: string) =>
      cloudAuditFields({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb, 'objectRef.resource': resource, sourceIPs: '10.0.0.7,10.0.0.1', 'responseStatus.code': '403' });
    expect(['create', 'patch', 'delete', 'get', 'list', 'watch'].map((verb) => k8s(verb, 'clusterrolebindings')?.['event.category'])).toEqual([
      'configuration', 'configuration', 'configuration', 'api', 'api', 'api',
    ]);
    expect(k8s('update', 'leases')?.['event.category']).toBe('api');
    expect(k8s('create', 'selfsubjectaccessreviews')?.['event.category']).toBe('api');
    expect(k8s('create', 'pods')?.['event.category']).toBe('api');
    expect(k8s('create', 'secrets')).toMatchObject({ 'source.ip': '10.0.0.7', 'event.outcome': 'failure', 'http.response.status_code': '403' });
  });

  it('reads Okta changes to policies, apps, zones and groups as configuration, evaluations and sessions not', () => {
    const okta = (eventType: string) => cloudAuditFields({ eventType, 'actor.alternateId': 'admin@example.com', published: '2024-01-01T00:00:00Z' })?.['event.category'];
    expect(['policy.lifecycle.update', 'policy.rule.add', 'application.lifecycle.create', 'zone.update', 'group.user_membership.add'].map(okta)).toEqual(Array(5).fill('configuration'));
    expect(['policy.evaluate_sign_on', 'user.session.start', 'user.authentication.verify', 'user.account.report_suspicious_activity_by_enduser'].map(okta)).toEqual([
      'iam', 'authentication', 'authentication', 'iam',
    ]);
  });

  it('leaves other JSON alone', () => {
    expect(cloudAuditFields({ eventName: 'x', message: 'hello' })).toBeUndefined();
  });
});
