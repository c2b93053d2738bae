import { emptyEventParts, type Event } from '@quell/contracts';
import { parseCsvWatchlist, WatchlistIndex } from '@quell/intel';
import { Registry } from 'prom-client';
import { StaticWatchlistSource } from './watchlist-directory';
import { WatchlistDetector } from './watchlist.detector';
import { WatchlistMetrics } from './watchlist.metrics';

function event(id: string, dst: string, extra: Partial<Event> = {}): Event {
  return {
    ...emptyEventParts(),
    id, tenant: 'acme', time: 1_000, ingestTime: 1_000, source: { type: 't', name: 't' }, className: 'network', classUid: 4001, action: null, outcome: 'unknown', severity: 0,
    host: { name: 'ws1', ip: null }, user: null, src: null, dst: { ip: dst, port: 443 }, process: null, service: null, message: null, tags: [],
    original: {}, rawText: null, attackTechniques: [], late: false, parseWarnings: [], ...extra,
  };
}

describe('WatchlistDetector', () => {
  const source = new StaticWatchlistSource(new WatchlistIndex([parseCsvWatchlist('c2', 'type,value,severity\ncidr,198.51.100.0/24,critical\n')]));
  const registry = new Registry();
  const detector = new WatchlistDetector(source, new WatchlistMetrics(registry));

  it('raises one intel alert per list and indicator of each event', async () => {
    const alerts = await detector.detect([
      event('e1', '198.51.100.7', { original: { DestinationIp: '198.51.100.7', 'server.ip': '198.51.100.7' } }),
      event('e2', '192.0.2.1'),
      event('e3', '198.51.100.200'),
    ]);
    expect(alerts.map((a) => [a.sampleEventIds[0], a.rule.id, a.rule.level, a.details['intel.indicator']])).toEqual([
      ['e1', 'intel:c2', 'critical', '198.51.100.0/24'],
      ['e3', 'intel:c2', 'critical', '198.51.100.0/24'],
    ]);
    expect(await registry.getSingleMetricAsString('quell_watchlist_hits_total')).toContain('quell_watchlist_hits_total{list="c2"} 2');
  });

  it('reads no event while no watchlist is loaded (it ran on every event for nothing)', async () => {
    const empty = new WatchlistDetector(new StaticWatchlistSource(new WatchlistIndex([])));
    const untouchable = new Proxy(event('e1', '198.51.100.7'), {
      get: () => {
        throw new Error('event read');
      },
    });
    await expect(empty.detect([untouchable])).resolves.toEqual([]);
  });
});
