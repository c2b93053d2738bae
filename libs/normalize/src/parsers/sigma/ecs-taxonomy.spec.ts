import { parseJson } from '../json-parser';

const parse = (record: unknown, fieldMapping?: Record<string, string>) => parseJson(JSON.stringify(record), { receivedAt: 0, fieldMapping });

describe('ECS and arbitrary JSON: Sigma names for the Linux and network log sources', () => {
  it('an Auditbeat-style process event answers Linux process_creation fields', () => {
    const parsed = parse({
      '@timestamp': '2026-11-28T10:00:00Z',
      event: { category: ['process'], type: ['start'], action: 'process_started' },
      host: { name: 'web-1' },
      user: { name: 'www-data' },
      process: { pid: 3100, executable: '/usr/bin/python3', command_line: 'python3 -c import pty', working_directory: '/tmp', parent: { pid: 3000, executable: '/bin/sh', command_line: 'sh -c id' } },
    });
    expect(parsed.format).toBe('json');
    expect(parsed.fields).toMatchObject({ 'event.category': 'process', 'process.command_line': 'python3 -c import pty', 'user.name': 'www-data' });
    expect(parsed.original).toMatchObject({
      Image: '/usr/bin/python3', CommandLine: 'python3 -c import pty', CurrentDirectory: '/tmp', ProcessId: '3100',
      ParentImage: '/bin/sh', ParentCommandLine: 'sh -c id', ParentProcessId: '3000', User: 'www-data',
    });
  });

  it('an ECS proxy/web record answers the W3C names Sigma proxy and webserver rules use', () => {
    const parsed = parse({
      source: { ip: '203.0.113.9' }, destination: { ip: '198.51.100.2', port: 443 },
      url: { original: 'https://example.com/a.php?x=1', path: '/a.php', query: 'x=1', domain: 'example.com', extension: 'php' },
      http: { request: { method: 'GET', referrer: 'https://r.example/' }, response: { status_code: 200, bytes: 512 }, version: '1.1' },
      user_agent: { original: 'curl/8.0' },
    });
    expect(parsed.original).toMatchObject({
      'c-uri': 'https://example.com/a.php?x=1', 'c-uri-stem': '/a.php', 'c-uri-query': 'x=1', 'c-uri-extension': 'php', 'cs-host': 'example.com',
      'cs-method': 'GET', 'cs-referrer': 'https://r.example/', 'sc-status': '200', 'sc-bytes': '512', 'c-useragent': 'curl/8.0', 'cs-version': '1.1',
      src_ip: '203.0.113.9', dst_ip: '198.51.100.2', DestinationPort: '443',
    });
  });

  it('never overwrites a field the record has under that name', () => {
    expect(parse({ Image: 'own', process: { executable: '/bin/x' } }).original['Image']).toBe('own');
  });

  it('arbitrary JSON keeps its own fields, and the per-source mapping names the ECS ones', () => {
    const parsed = parse({ ts: '2026-11-28T10:00:00Z', who: 'bob', from: '10.9.8.7' }, { ts: '@timestamp', who: 'user.name', from: 'source.ip' });
    expect(parsed.format).toBe('json');
    expect(parsed.fields).toMatchObject({ '@timestamp': '2026-11-28T10:00:00Z', 'user.name': 'bob', 'source.ip': '10.9.8.7' });
    expect(parsed.original).toEqual({ ts: '2026-11-28T10:00:00Z', who: 'bob', from: '10.9.8.7' });
  });
});
