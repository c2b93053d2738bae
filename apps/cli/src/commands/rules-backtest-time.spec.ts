import { parseCliTime } from './rules-backtest-time';

const NOW = Date.parse('2026-11-29T12:00:00Z');

describe('parseCliTime', () => {
  it.each([
    ['2026-11-28T10:00:00Z', '2026-11-28T10:00:00.000Z'],
    ['2026-11-28T10:00:00.250+02:00', '2026-11-28T08:00:00.250Z'],
    ['2026-11-28T10:00:00', '2026-11-28T10:00:00.000Z'],
    ['2026-11-28 10:00', '2026-11-28T10:00:00.000Z'],
    ['2026-11-28', '2026-11-28T00:00:00.000Z'],
    ['now', '2026-11-29T12:00:00.000Z'],
    ['-24h', '2026-11-28T12:00:00.000Z'],
    ['-30m', '2026-11-29T11:30:00.000Z'],
    ['-7d', '2026-11-22T12:00:00.000Z'],
    ['-1w', '2026-11-22T12:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(new Date(parseCliTime(text, NOW) as number).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '24h', '-24x', '2026-13-45', '2026-11-28T25:00:00Z', ''])('refuses %j', (text) => {
    expect(parseCliTime(text, NOW)).toBeUndefined();
  });
});
