import { filterConditions, incidentListSql } from './incident-search.query';

describe('the incident list query', () => {
  it('binds every filter value as a parameter, never in the SQL text', () => {
    const hostile = "x') OR 1=1 --";
    const conditions = filterConditions(
      { statuses: [hostile], priorities: [1], service: hostile, entity: `host:${hostile}`, ruleId: hostile, assignee: hostile, from: 1, to: 2, text: hostile },
      { lastSeen: 3, id: hostile },
    );
    const sql = incidentListSql(conditions);
    expect(sql).not.toContain(hostile);
    expect(conditions.flatMap((c) => Object.values(c.params))).toEqual(expect.arrayContaining([[hostile], hostile, `host:${hostile}`]));
  });

  it('matches a typed entity exactly and a bare value under any type (an IPv6 address is a bare value)', () => {
    expect(filterConditions({ entity: 'host:web-1' })).toEqual([{ sql: 'has(entities, {entity:String})', params: { entity: 'host:web-1' } }]);
    expect(filterConditions({ entity: '2001:db8::1' })[0].params).toEqual({ entityValue: '2001:db8::1' });
    expect(filterConditions({ entity: 'web-1' })[0].params).toEqual({ entityValue: 'web-1' });
  });

  it('has no WHERE without filters, and filters the latest version of each incident, not every version', () => {
    const sql = incidentListSql([]);
    expect(sql).not.toMatch(/^WHERE/m);
    expect(sql.indexOf('LIMIT 1 BY id')).toBeLessThan(sql.indexOf('ORDER BY last_seen DESC'));
    expect(incidentListSql(filterConditions({ statuses: ['open'] }))).toMatch(/\)\nWHERE status IN \{statuses:Array\(String\)\}\nORDER BY/);
  });
});
