import { notificationMessage, ruleCreditLine, truncate } from './notification-message';
import { incident } from './test/notification-fixture';

const input = { incident, transition: 'opened' as const, rules: [], incidentBaseUrl: 'https://quell.example.com' };

describe('notification message', () => {
  it('links the incident under the configured base URL, with or without a trailing slash, id encoded', () => {
    expect(notificationMessage(input).url).toBe(`https://quell.example.com/incidents/${incident.id}`);
    expect(notificationMessage({ ...input, incidentBaseUrl: 'https://q.example.com/app/', incident: { ...incident, id: 'a/b c' } }).url)
      .toBe('https://q.example.com/app/incidents/a%2Fb%20c');
  });

  it('refuses a base URL that is not http(s), naming it', () => {
    expect(() => notificationMessage({ ...input, incidentBaseUrl: 'quell.example.com' })).toThrow(/incidentBaseUrl "quell.example.com" is not a URL/);
    expect(() => notificationMessage({ ...input, incidentBaseUrl: 'javascript:alert(1)' })).toThrow(/must be http or https/);
  });

  it('gives the latest prioritizing reason, or null before the incident was assessed', () => {
    const later = { at: 2, actor: 'quell', action: 'prioritized', detail: 'P2 because: high rule (+4)' };
    expect(notificationMessage({ ...input, incident: { ...incident, timeline: [...incident.timeline, later] } }).priorityReason).toBe('P2 because: high rule (+4)');
    expect(notificationMessage({ ...input, incident: { ...incident, timeline: [] } }).priorityReason).toBeNull();
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
