import { join } from 'node:path';
import { readSavedQueries } from './saved-queries';

describe('the saved queries of docs/investigations.md', () => {
  const queries = readSavedQueries(join(__dirname, '..', '..', '..', '..', 'docs', 'investigations.md'));

  it('reads every query of both sections, with the parameters a caller fills (not database or tenant)', () => {
    expect(queries.size).toBeGreaterThanOrEqual(27);
    expect(queries.get('user-activity-hour')).toMatchObject({ title: 'all activity of a user in an hour', params: [{ name: 'user', type: 'String' }, { name: 'from', type: "DateTime64(3, 'UTC')" }] });
    expect(queries.get('alerts-of-incident')?.params).toEqual([{ name: 'incident', type: 'String' }]);
    for (const query of queries.values()) expect(query.params.map((p) => p.name)).not.toContain('tenant');
  });
});
