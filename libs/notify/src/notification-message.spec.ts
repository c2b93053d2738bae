import { messageTextLines, notificationMessage, ruleCreditLine, ruleCreditsOf, truncate } from './notification-message';
import { incident } from './test/notification-fixture';

const input = { incident, transition: 'opened' as const, rules: [], incidentUrlTemplate: 'https://quell.example.com' };

describe('notification message', () => {
  it('links the incident by the console\'s hash route under the configured base URL, with or without a trailing slash, id encoded', () => {
    expect(notificationMessage(input).url).toBe(`https://quell.example.com/#/incidents/${incident.id}`);
    expect(notificationMessage({ ...input, incidentUrlTemplate: 'https://q.example.com/app/', incident: { ...incident, id: 'a/b c' } }).url)
      .toBe('https://q.example.com/app/#/incidents/a%2Fb%20c');
  });

  it('fills the {id} of NOTIFY_INCIDENT_URL_TEMPLATE, encoded', () => {
    expect(notificationMessage({ ...input, incidentUrlTemplate: 'https://quell.example/incidents/{id}?tab=timeline', incident: { ...incident, id: 'a/b' } }).url)
      .toBe('https://quell.example/incidents/a%2Fb?tab=timeline');
  });

  it('refuses a base URL that is not http(s), naming it', () => {
    expect(() => notificationMessage({ ...input, incidentUrlTemplate: 'quell.example.com' })).toThrow(/incidentUrlTemplate "quell.example.com" is not a URL/);
    expect(() => notificationMessage({ ...input, incidentUrlTemplate: 'javascript:alert(1)' })).toThrow(/must be http or https/);
  });

  it('gives the incident\'s priority reason, else the latest prioritizing entry (before v3), or null before the incident was assessed', () => {
    expect(notificationMessage(input).priorityReason).toBe(incident.priorityReason);
    const older = { ...incident, priorityReason: null };
    const later = { at: 2, actor: 'quell', action: 'prioritized', detail: 'P2 because: high rule (+4)' };
    expect(notificationMessage({ ...input, incident: { ...older, timeline: [...incident.timeline, later] } }).priorityReason).toBe('P2 because: high rule (+4)');
    expect(notificationMessage({ ...input, incident: { ...older, timeline: [] } }).priorityReason).toBeNull();
  });

  it('leads the reason with the priority a person set, which the assessment keeps, then what was assessed', () => {
    const raised = { at: 3, actor: 'alice', action: 'priority_changed', detail: 'P5 → P2: customer facing' };
    const set = { ...incident, priority: 2, priorityReason: 'P5 because: low rule (+2)', timeline: [...incident.timeline, raised] };
    expect(notificationMessage({ ...input, incident: set }).priorityReason).toBe('P2 as set by alice (P5 → P2: customer facing); assessed P5 because: low rule (+2)');
  });

  it('lists each priority factor with its weight and the related changes\' summaries', () => {
    const built = notificationMessage(input);
    expect(built.priorityFactors).toEqual(['high rule +4 (+4)', 'critical service payments ×2 (+4)']);
    expect(built.relatedChanges).toEqual(['started 4 min after CHG0012345 on web-1']);
  });

  it('credits each distinct rule of the alerts once, with its author', () => {
    const rule = { id: 'r1', title: 'Mimikatz', version: null, level: 'high', author: 'Florian Roth', tags: [] };
    expect(ruleCreditsOf([{ rule }, { rule }, { rule: { ...rule, id: 'r2', author: null } }])).toEqual([
      { id: 'r1', title: 'Mimikatz', author: 'Florian Roth' }, { id: 'r2', title: 'Mimikatz', author: null },
    ]);
  });

  it('reads as plain text naming why, entities, rule credit, related changes and the link', () => {
    const lines = messageTextLines(notificationMessage({ ...input, rules: [{ id: 'r1', title: 'Mimikatz', author: 'Florian Roth' }] }));
    expect(lines).toEqual(expect.arrayContaining([
      `Why: ${incident.priorityReason}`, 'Entities: host web-1, ip 203.0.113.7, user alice', 'Rule: Mimikatz (rule r1) by Florian Roth',
      'Related change: started 4 min after CHG0012345 on web-1', `Incident: https://quell.example.com/#/incidents/${incident.id}`,
    ]));
  });

  it('credits the rule author, saying so when the rule names none', () => {
    expect(ruleCreditLine({ id: 'r1', title: 'Mimikatz', author: 'Florian Roth' })).toBe('Mimikatz (rule r1) by Florian Roth');
    expect(ruleCreditLine({ id: 'r2', title: 'Custom', author: ' ' })).toBe('Custom (rule r2) by author not given');
  });

  it('truncates to UTF-16 length without splitting a surrogate pair, marking the cut', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀😀', 4)).toBe('😀…');
    expect(truncate('😀😀😀', 3)).toBe('😀…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
