import { bannerLines } from './start-banner';

const FACTS = {
  url: 'http://127.0.0.1:8080',
  demoKey: 'quell-demo-key',
  dataDir: '/srv/quell/clickhouse',
  rules: { dir: 'deploy/samples/rules', loaded: 3, errors: [] },
  syslog: {},
  demo: { replay: true as const, reason: 'first start' as const, events: 40 },
  routes: { '/v1/events': 'ingest', '/v1/incidents': 'incident-manager' },
};

describe('the all-in-one start-up banner', () => {
  it('tells where to go, the demo key, the data directory, the rules, syslog and the demo', () => {
    const text = bannerLines(FACTS).join('\n');
    expect(text).toContain('Quell all-in-one is running on http://127.0.0.1:8080');
    expect(text).toContain('/v1/events, /v1/incidents');
    expect(text).toContain('dead letters http://127.0.0.1:8080/v1/dead-letters');
    expect(text).toContain('queries     http://127.0.0.1:8080/v1/queries');
    expect(text).toContain('demo key    quell-demo-key');
    expect(text).toContain('data        /srv/quell/clickhouse');
    expect(text).toContain('rules       3 loaded from deploy/samples/rules, 0 errors');
    expect(text).toContain('syslog      off');
    expect(text).toContain('40 sample events replayed (first start)');
  });

  it('lists the first rule errors with file and line, counts the rest, and shows syslog ports when on', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({ file: `r${i}.yml`, line: i + 1, reason: 'bad' }));
    const lines = bannerLines({ ...FACTS, demoKey: undefined, rules: { ...FACTS.rules, errors }, syslog: { tcp: 5514, udp: 5514 }, demo: { replay: false, reason: 'already replayed' } });
    expect(lines).toContain('  rules       3 loaded from deploy/samples/rules, 7 errors');
    expect(lines).toContain('                r0.yml:1: bad');
    expect(lines).toContain('                … and 2 more');
    expect(lines).toContain('  syslog      TCP 5514, UDP 5514');
    expect(lines.join('\n')).not.toContain('demo key');
    expect(lines.join('\n')).toContain('already in this data directory; `npm start -- --demo` replays them again');
  });
});
