import { parseVendorTime } from './vendor-time';

const received = Date.parse('2026-11-28T12:00:00Z');

describe('parseVendorTime', () => {
  it.each([
    ['1700000000000', '2023-11-14T22:13:20.000Z'],
    ['1700000000', '2023-11-14T22:13:20.000Z'],
    ['2023-11-14T22:13:20+01:00', '2023-11-14T21:13:20.000Z'],
    ['Sep 07 2018 14:50:39', '2018-09-07T14:50:39.000Z'],
    ['Sep 07 2018 14:50:39.120 +02:00', '2018-09-07T12:50:39.120Z'],
    ['Sep 07 14:50:39', '2026-09-07T14:50:39.000Z'],
    ['2013-8-19 6:34:41', '2013-08-19T06:34:41.000Z'],
  ])('%s', (text, iso) => {
    expect(new Date(parseVendorTime(text, received) as number).toISOString()).toBe(iso);
  });

  it('returns undefined for text that is not a time', () => {
    expect(parseVendorTime('yesterday', received)).toBeUndefined();
  });
});
