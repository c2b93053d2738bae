import { parseRedisUrl, redactRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('hands a standalone URL to ioredis as it is', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6390/2')).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6390/2' });
    expect(parseRedisUrl(' rediss://u:p@cache:6380 ')).toEqual({ kind: 'standalone', url: 'rediss://u:p@cache:6380' });
  });

  it('reads a cluster from its seed nodes, with default ports and IPv6 in brackets', () => {
    expect(parseRedisUrl('redis+cluster://a:7000, b ,[::1]:7002/')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    });
  });

  it('reads cluster credentials (decoded; a password may hold colons) and TLS', () => {
    expect(parseRedisUrl('rediss+cluster://quell:p%40ss:w:rd@a:7000,b:7001')).toMatchObject({
      kind: 'cluster',
      username: 'quell',
      password: 'p@ss:w:rd',
      tls: true,
    });
    expect(parseRedisUrl('redis+cluster://:secret@a:7000')).toMatchObject({ username: undefined, password: 'secret' });
  });

  it('rejects other schemes and malformed nodes without echoing the password', () => {
    expect(() => parseRedisUrl('http://u:secret@a:1')).toThrow(/unsupported Redis URL http:\/\/\*\*\*@a:1/);
    expect(() => parseRedisUrl('redis+cluster://u:secret@a:x')).toThrow(/invalid node "a:x"/);
    expect(() => parseRedisUrl('redis+cluster://u:secret@a:x')).not.toThrow(/secret/);
    expect(() => parseRedisUrl('redis+cluster://')).toThrow(/names no node/);
  });
});

describe('redactRedisUrl', () => {
  it('masks credentials and leaves the rest', () => {
    expect(redactRedisUrl('redis://u:p@h:1/0')).toBe('redis://***@h:1/0');
    expect(redactRedisUrl('redis://h:1')).toBe('redis://h:1');
  });
});
