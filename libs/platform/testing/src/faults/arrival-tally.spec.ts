import { tallyArrivals } from './arrival-tally';

describe('tallyArrivals', () => {
  it('counts distinct ids and copies, and names the missing and the unexpected', () => {
    const records = [{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'x' }, { id: undefined }];
    expect(tallyArrivals(records, (r) => r.id, ['a', 'b', 'c'])).toEqual({
      records: 4,
      distinct: 3,
      duplicates: 1,
      missing: ['c'],
      unexpected: ['x'],
    });
  });
});
