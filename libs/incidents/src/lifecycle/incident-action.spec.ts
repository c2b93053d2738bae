import type { Incident } from '@quell/contracts';
import { withAssessedPriority } from '../priority/apply-priority';
import { testIncident } from '../test/test-alert';
import { applyAction, IncidentActionError, RESOLUTION_CODES, type IncidentAction } from './incident-action';

const NOW = Date.UTC(2026, 11, 3, 9, 0);
const ann = 'ann@example.com';

function act(incident: Incident, action: IncidentAction): Incident {
  const next = applyAction(incident, action, NOW);
  if (!next) throw new Error('expected a new version');
  return next;
}

function refused(incident: Incident, action: IncidentAction): IncidentActionError {
  try {
    applyAction(incident, action, NOW);
  } catch (error) {
    if (error instanceof IncidentActionError) return error;
    throw error;
  }
  throw new Error('expected IncidentActionError');
}

describe('applyAction', () => {
  const open = testIncident({ version: 4 });

  it('acknowledges an open incident: new version, status, and a timeline entry with who, when and what', () => {
    const next = act(open, { type: 'acknowledge', actor: ann, comment: 'looking' });
    expect(next).toMatchObject({ status: 'acknowledged', version: 5 });
    expect(next.timeline.at(-1)).toEqual({ at: NOW, actor: ann, action: 'acknowledged', detail: 'looking' });
  });

  it('acknowledging an acknowledged incident is nothing to do; a resolved or closed one is refused', () => {
    expect(applyAction(testIncident({ status: 'acknowledged' }), { type: 'acknowledge', actor: ann }, NOW)).toBeNull();
    for (const status of ['resolved', 'closed']) {
      const error = refused(testIncident({ status }), { type: 'acknowledge', actor: ann });
      expect(error).toMatchObject({ code: 'invalid_transition', message: `cannot acknowledge incident inc-1: it is ${status}` });
    }
  });

  it('assigns, reassigns and unassigns; the same assignee again is nothing to do; a closed incident is refused', () => {
    const assigned = act(open, { type: 'assign', actor: ann, assignee: 'bob' });
    expect(assigned.assignee).toBe('bob');
    expect(assigned.timeline.at(-1)).toMatchObject({ action: 'assigned', detail: 'to bob' });
    expect(applyAction(assigned, { type: 'assign', actor: ann, assignee: 'bob' }, NOW)).toBeNull();
    const unassigned = act(assigned, { type: 'assign', actor: ann, assignee: null });
    expect(unassigned).toMatchObject({ assignee: null, version: 6 });
    expect(unassigned.timeline.at(-1)).toMatchObject({ action: 'assigned', detail: 'unassigned' });
    expect(refused(testIncident({ status: 'closed' }), { type: 'assign', actor: ann, assignee: 'bob' }).code).toBe('invalid_transition');
  });

  it('comments in any status, and refuses an empty comment', () => {
    for (const status of ['open', 'acknowledged', 'resolved', 'closed']) {
      expect(act(testIncident({ status }), { type: 'comment', actor: ann, text: 'seen before' }).timeline.at(-1)).toMatchObject({ action: 'commented', detail: 'seen before' });
    }
    expect(refused(open, { type: 'comment', actor: ann, text: '  ' })).toMatchObject({ code: 'invalid_input', message: 'text is required' });
  });

  it('sets the priority with a reason, which later automatic assessments keep', () => {
    const set = act(open, { type: 'set_priority', actor: ann, priority: 1, reason: 'payments down' });
    expect(set.priority).toBe(1);
    expect(set.timeline.at(-1)).toMatchObject({ action: 'priority_changed', actor: ann, detail: 'P3 → P1: payments down' });
    const assessed = withAssessedPriority(set, { severity: 'low', priority: 4, score: 1, reason: 'P4 because: low', factors: [] }, NOW);
    expect(assessed?.priority).toBe(1);
  });

  it('refuses a priority outside 1–5 or without a reason; the same priority a person set is nothing to do', () => {
    for (const priority of [0, 6, 2.5, Number.NaN]) {
      expect(refused(open, { type: 'set_priority', actor: ann, priority, reason: 'x' }).code).toBe('invalid_input');
    }
    expect(refused(open, { type: 'set_priority', actor: ann, priority: 2, reason: '' }).message).toBe('reason is required');
    const set = act(open, { type: 'set_priority', actor: ann, priority: 2, reason: 'vip' });
    expect(applyAction(set, { type: 'set_priority', actor: ann, priority: 2, reason: 'again' }, NOW)).toBeNull();
    // The same number as the automatic one still pins it, so it is recorded.
    expect(act(open, { type: 'set_priority', actor: ann, priority: 3, reason: 'right as is' }).timeline.at(-1)?.action).toBe('priority_changed');
    expect(refused(testIncident({ status: 'closed' }), { type: 'set_priority', actor: ann, priority: 2, reason: 'x' }).code).toBe('invalid_transition');
  });

  it('resolves an open or acknowledged incident with a code; the entry leads with the code', () => {
    for (const status of ['open', 'acknowledged']) {
      const resolved = act(testIncident({ status }), { type: 'resolve', actor: ann, resolution: 'false_positive', comment: 'backup job' });
      expect(resolved).toMatchObject({ status: 'resolved', resolution: 'false_positive', resolvedAt: NOW });
      expect(resolved.timeline.at(-1)).toMatchObject({ action: 'resolved', detail: 'false_positive: backup job' });
    }
    expect(act(open, { type: 'resolve', actor: ann, resolution: 'benign' }).timeline.at(-1)?.detail).toBe('benign');
  });

  it('refuses an unknown resolution code, naming the known ones', () => {
    const error = refused(open, { type: 'resolve', actor: ann, resolution: 'fixed' as never });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`unknown resolution code "fixed"; one of ${RESOLUTION_CODES.join(', ')}`);
  });

  it('resolving again with the same code or `other` is nothing to do; another code must reopen first; a closed incident is refused', () => {
    const resolved = act(open, { type: 'resolve', actor: ann, resolution: 'true_positive' });
    expect(applyAction(resolved, { type: 'resolve', actor: 'pagerduty', resolution: 'true_positive' }, NOW)).toBeNull();
    // A two-way sync that knows only "resolved" sends `other`: an echo, not a new resolution.
    expect(applyAction(resolved, { type: 'resolve', actor: 'pagerduty', resolution: 'other', comment: 'from pagerduty' }, NOW)).toBeNull();
    expect(refused(resolved, { type: 'resolve', actor: ann, resolution: 'benign' }).message).toMatch(/already resolved as true_positive: reopen it/);
    expect(refused(testIncident({ status: 'closed' }), { type: 'resolve', actor: ann, resolution: 'benign' }).code).toBe('invalid_transition');
  });

  it('reopens a resolved or closed incident, clearing the resolution; an open one is nothing to do; a merged one is refused', () => {
    const resolved = act(open, { type: 'resolve', actor: ann, resolution: 'benign' });
    const reopened = act(resolved, { type: 'reopen', actor: ann, reason: 'it is back' });
    expect(reopened).toMatchObject({ status: 'open', resolution: null, resolvedAt: NOW, version: 6 });
    expect(reopened.timeline.at(-1)).toMatchObject({ action: 'reopened', detail: 'it is back' });
    expect(act(testIncident({ status: 'closed' }), { type: 'reopen', actor: ann }).status).toBe('open');
    expect(applyAction(open, { type: 'reopen', actor: ann }, NOW)).toBeNull();
    expect(applyAction(testIncident({ status: 'acknowledged' }), { type: 'reopen', actor: ann }, NOW)).toBeNull();
    const merged = testIncident({ status: 'closed', mergedInto: 'inc-9' });
    expect(refused(merged, { type: 'reopen', actor: ann })).toMatchObject({ code: 'invalid_transition', message: 'incident inc-1 was merged into inc-9: act on that one' });
  });

  it('closes from any status; closing a closed incident is nothing to do', () => {
    for (const status of ['open', 'acknowledged', 'resolved']) {
      expect(act(testIncident({ status }), { type: 'close', actor: ann, comment: 'done' })).toMatchObject({ status: 'closed' });
    }
    expect(applyAction(testIncident({ status: 'closed' }), { type: 'close', actor: ann }, NOW)).toBeNull();
  });

  it('records an automatic entry once: the same entry again (a redelivery) is nothing to do', () => {
    const notified = act(open, { type: 'record', actor: 'system:notifier', action: 'notified', detail: 'slack opened v1' });
    expect(notified.timeline.at(-1)).toEqual({ at: NOW, actor: 'system:notifier', action: 'notified', detail: 'slack opened v1' });
    expect(applyAction(notified, { type: 'record', actor: 'system:notifier', action: 'notified', detail: 'slack opened v1' }, NOW)).toBeNull();
    expect(act(notified, { type: 'record', actor: 'system:notifier', action: 'notification_failed', detail: 'slack opened v1: 500' }).version).toBe(6);
    expect(refused(open, { type: 'record', actor: 'x', action: 'made_up' as never, detail: 'd' }).code).toBe('invalid_input');
  });

  it('links a ticket per provider; the same ticket again is nothing to do; a new reference replaces it', () => {
    const linked = act(open, { type: 'link_ticket', actor: 'system:notifier', provider: 'jira', ref: 'SOC-42' });
    expect(linked.tickets).toEqual({ jira: 'SOC-42' });
    expect(linked.timeline.at(-1)).toMatchObject({ action: 'ticket_linked', detail: 'jira SOC-42' });
    expect(applyAction(linked, { type: 'link_ticket', actor: 'system:notifier', provider: 'jira', ref: 'SOC-42' }, NOW)).toBeNull();
    expect(act(linked, { type: 'link_ticket', actor: 'system:notifier', provider: 'servicenow', ref: 'INC001' }).tickets).toEqual({ jira: 'SOC-42', servicenow: 'INC001' });
  });

  it('requires an actor, and leaves the input incident untouched', () => {
    expect(refused(open, { type: 'comment', actor: '', text: 'x' }).message).toBe('actor is required');
    const before = JSON.stringify(open);
    act(open, { type: 'close', actor: ann });
    expect(JSON.stringify(open)).toBe(before);
  });

  it('keeps the timeline under its cap', () => {
    const long = testIncident({ timeline: Array.from({ length: 200 }, (_, i) => ({ at: i, actor: 'quell', action: 'alert_added', detail: `a${i}` })) });
    const next = act(long, { type: 'comment', actor: ann, text: 'hi' });
    expect(next.timeline).toHaveLength(200);
    expect(next.timelineDropped).toBe(1);
  });
});
