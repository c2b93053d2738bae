import { parseTopicSpecs } from './topic-spec';

describe('parseTopicSpecs', () => {
  it('reads names and /regex/ patterns with their format and tenant', () => {
    expect(parseTopicSpecs('quell.ingest.v1:auto:default, /^shipper\\..*/:syslog:acme,fw:cef:globex')).toEqual([
      { topic: 'quell.ingest.v1', format: 'auto', tenant: 'default' },
      { topic: /^shipper\..*/, format: 'syslog', tenant: 'acme' },
      { topic: 'fw', format: 'cef', tenant: 'globex' },
    ]);
  });

  it('keeps commas and colons inside a pattern', () => {
    const [spec] = parseTopicSpecs('/^a{1,3}:x$/:kv:t');
    expect(spec.topic).toEqual(/^a{1,3}:x$/);
    expect(spec.format).toBe('kv');
  });

  it('is empty for an empty list', () => {
    expect(parseTopicSpecs(' ')).toEqual([]);
  });

  it.each([
    ['topic-only', /expected topic:format:tenant/],
    ['t:xml:acme', /unknown format "xml"/],
    ['t:kv:', /tenant is empty/],
    ['/(/:kv:acme', /bad pattern/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseTopicSpecs(raw)).toThrow(message);
  });
});
