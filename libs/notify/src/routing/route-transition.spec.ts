import { incident } from '../test/notification-fixture';
import { parseRoutingFile } from './routing-file';
import { escalationDueAt, routeTransition, windowEnd } from './route-transition';

const env = { A: 'https://a.example.com', B: 'https://b.example.com', PD: 'p'.repeat(32) };
const table = parseRoutingFile(
  `version: 1
channels:
  slack-a: { type: slack, urlEnv: A }
  teams-b: { type: teams, urlEnv: B }
  pager: { type: pagerduty, routingKeyEnv: PD }
quietHours: { timeZone: Europe/Berlin, start: "22:00", end: "07:00", mode: defer }
routes:
  - name: payments-team
    match: { team: payments-oncall, tenant: acme, tags: [T1110] }
    to: [pager]
    quietHours: false
    stop: true
  - name: critical-at-work
    match: { severity: [critical, high], hours: { timeZone: Europe/Berlin, days: [mon, tue, wed, thu, fri], start: "08:00", end: "18:00" } }
    to: [slack-a]
  - name: all
    match: { transition: [opened, resolved] }
    to: [teams-b, slack-a]
`,
  'routes.yaml',
  env,
);

const WEDNESDAY_NOON_BERLIN = Date.parse('2026-11-25T11:00:00Z');
const WEDNESDAY_23_BERLIN = Date.parse('2026-11-25T22:00:00Z');
const context = (overrides: Partial<typeof incident> = {}, now = WEDNESDAY_NOON_BERLIN, transition: 'opened' | 'acknowledged' = 'opened', teams: string[] = []) => ({
  incident: { ...incident, techniques: ['T1110'], ...overrides },
  transition,
  teams,
  now,
});

describe('routing a transition', () => {
  it('matches team (from the catalog), tenant and tags, and stops there', () => {
    const decision = routeTransition(table, context({}, WEDNESDAY_NOON_BERLIN, 'opened', ['payments-oncall']));
    expect(decision.deliveries).toEqual([{ channel: 'pager', route: 'payments-team', notBefore: null }]);
  });

  it('adds every matching route, each channel once; time of day and transition decide', () => {
    expect(routeTransition(table, context()).deliveries.map((d) => d.channel)).toEqual(['slack-a', 'teams-b']);
    expect(routeTransition(table, context({}, WEDNESDAY_NOON_BERLIN, 'acknowledged')).deliveries.map((d) => d.channel)).toEqual(['slack-a']);
    expect(routeTransition(table, context({ severity: 'low' }, WEDNESDAY_NOON_BERLIN, 'acknowledged')).deliveries).toEqual([]);
  });

  it('defers all but P1 to the end of quiet hours (07:00 Berlin), or suppresses them in mode suppress', () => {
    const at23 = routeTransition(table, context({ priority: 2 }, WEDNESDAY_23_BERLIN));
    expect(at23.deliveries).toEqual([{ channel: 'teams-b', route: 'all', notBefore: Date.parse('2026-11-26T06:00:00Z') }, { channel: 'slack-a', route: 'all', notBefore: Date.parse('2026-11-26T06:00:00Z') }]);
    expect(routeTransition(table, context({ priority: 1 }, WEDNESDAY_23_BERLIN)).deliveries.every((d) => d.notBefore === null)).toBe(true);
    const suppressing = { ...table, quietHours: { ...table.quietHours!, mode: 'suppress' as const } };
    expect(routeTransition(suppressing, context({ priority: 3 }, WEDNESDAY_23_BERLIN))).toMatchObject({ deliveries: [], suppressed: [{ channel: 'teams-b' }, { channel: 'slack-a' }] });
  });

  it('starts an escalation when its route\'s delivery goes out: now, at the end of quiet hours, or never when they suppress it', () => {
    const escalating = { ...table, routes: table.routes.map((route) => (route.name === 'all' ? { ...route, escalation: { afterMs: 900_000, targets: ['slack-a'] } } : route)) };
    expect(escalationDueAt(routeTransition(escalating, context({ priority: 2 })), WEDNESDAY_NOON_BERLIN)).toBe(WEDNESDAY_NOON_BERLIN + 900_000);
    expect(escalationDueAt(routeTransition(escalating, context({ priority: 2 }, WEDNESDAY_23_BERLIN)), WEDNESDAY_23_BERLIN)).toBe(Date.parse('2026-11-26T06:15:00Z'));
    expect(escalationDueAt(routeTransition(escalating, context({ priority: 1 }, WEDNESDAY_23_BERLIN)), WEDNESDAY_23_BERLIN)).toBe(WEDNESDAY_23_BERLIN + 900_000);
    const suppressing = { ...escalating, quietHours: { ...escalating.quietHours!, mode: 'suppress' as const } };
    expect(escalationDueAt(routeTransition(suppressing, context({ priority: 3 }, WEDNESDAY_23_BERLIN)), WEDNESDAY_23_BERLIN)).toBeNull();
    expect(escalationDueAt(routeTransition(table, context()), WEDNESDAY_NOON_BERLIN)).toBeNull();
  });

  it('reads windows across midnight as belonging to the day they start, with the zone\'s DST', () => {
    const night = { timeZone: 'Europe/Berlin', days: ['fri'], startMinute: 22 * 60, endMinute: 7 * 60 };
    expect(windowEnd(night, Date.parse('2026-11-27T23:30:00Z'))).toBe(Date.parse('2026-11-28T06:00:00Z')); // Sat 00:30, window of Friday
    expect(windowEnd(night, Date.parse('2026-11-28T22:30:00Z'))).toBeNull(); // Sat 23:30
    expect(windowEnd({ ...night, days: ['sat'] }, Date.parse('2026-07-04T21:00:00Z'))).toBe(Date.parse('2026-07-05T05:00:00Z')); // summer time
  });
});
