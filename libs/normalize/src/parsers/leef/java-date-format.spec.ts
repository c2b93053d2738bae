import { parseJavaDate } from './java-date-format';

describe('parseJavaDate', () => {
  it.each([
    ['Jan 15 2024 10:30:45', 'MMM dd yyyy HH:mm:ss', '2024-01-15T10:30:45.000Z'],
    ['2024-01-15T10:30:45.123+0200', "yyyy-MM-dd'T'HH:mm:ss.SSSZ", '2024-01-15T08:30:45.123Z'],
    ['2024-01-15 10:30:45.000 -05:00', 'yyyy-MM-dd HH:mm:ss.SSS XXX', '2024-01-15T15:30:45.000Z'],
    ['Jan 15 2024 10:30:45 UTC', 'MMM dd yyyy HH:mm:ss z', '2024-01-15T10:30:45.000Z'],
  ])('%s with %s', (value, pattern, iso) => {
    expect(new Date(parseJavaDate(value, pattern) as number).toISOString()).toBe(iso);
  });

  it('gives up on a mismatch or an unresolvable zone name', () => {
    expect(parseJavaDate('2024-01-15', 'MMM dd yyyy')).toBeUndefined();
    expect(parseJavaDate('Jan 15 2024 10:30:45 CET', 'MMM dd yyyy HH:mm:ss z')).toBeUndefined();
  });
});
