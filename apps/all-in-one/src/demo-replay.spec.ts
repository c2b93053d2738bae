import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDecision, demoMarkerOf, markDemoReplayed } from './demo-replay';

describe('the demo stream, once per data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quell-demo-'));

  it('replays on the first start, then not, until --demo asks; QUELL_DEMO=0 turns it off', () => {
    const marker = demoMarkerOf(join(dir, 'clickhouse'));
    expect(marker).toBe(join(dir, 'clickhouse.demo-replayed'));
    expect(demoDecision({ marker, asked: false, env: {} })).toEqual({ replay: true, reason: 'first start' });
    expect(demoDecision({ marker, asked: false, env: { QUELL_DEMO: '0' } })).toEqual({ replay: false, reason: 'off' });
    markDemoReplayed(marker, { file: 'events.ndjson', events: 12, at: 0 });
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ file: 'events.ndjson', events: 12, at: '1970-01-01T00:00:00.000Z' });
    expect(demoDecision({ marker, asked: false, env: {} })).toEqual({ replay: false, reason: 'already replayed' });
    expect(demoDecision({ marker, asked: true, env: { QUELL_DEMO: '0' } })).toEqual({ replay: true, reason: 'asked' });
  });

  it('keeps one marker per data directory, creating its parent', () => {
    const other = demoMarkerOf(join(dir, 'nested', 'data', 'clickhouse'));
    markDemoReplayed(other, { file: 'f', events: 1, at: 0 });
    expect(existsSync(other)).toBe(true);
    expect(demoDecision({ marker: demoMarkerOf(join(dir, 'elsewhere')), asked: false, env: {} }).replay).toBe(true);
  });
});
