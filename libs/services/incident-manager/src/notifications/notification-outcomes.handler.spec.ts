import { AvroCodec, emptyIncidentParts, topicsFor, type Incident, type NotificationOutcome } from '@quell/contracts';
import { InProcessEventBus, type InboundRecord } from '@quell/platform-kafka';
import { InMemoryDocumentStore } from '@quell/platform-state';
import { IncidentRepository } from '../incident.repository';
import { IncidentChanges } from '../lifecycle/incident-changes';
import { IncidentLifecycle } from '../lifecycle/incident-lifecycle.service';
import { NotificationOutcomesHandler } from './notification-outcomes.handler';

const NOW = Date.parse('2026-11-28T10:10:00Z');
const opened: Incident = {
  id: 'inc-1', tenant: 'acme', title: 'Brute force', status: 'open', severity: 'high', priority: 2, services: [], entities: [{ type: 'host', value: 'web-1' }],
  alertIds: ['a1'], alertCount: 1, firstSeen: NOW - 600_000, lastSeen: NOW - 600_000, killChainPhases: [], relatedChangeIds: [], assignee: null,
  timeline: [{ at: NOW - 600_000, actor: 'quell', action: 'opened', detail: null }], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
};
const outcome = (overrides: Partial<NotificationOutcome> = {}): NotificationOutcome => ({
  id: 'o1', tenant: 'acme', incidentId: 'inc-1', transition: 'opened', transitionKey: `inc-1/opened/${NOW - 600_000}`, channel: 'soc-jira', channelType: 'jira',
  status: 'sent', attempts: 1, httpStatus: 201, error: null, ticket: null, at: NOW, ...overrides,
});
const recordsOf = (outcomes: NotificationOutcome[]): InboundRecord<NotificationOutcome>[] =>
  outcomes.map((value, i) => ({ topic: 'notifications', partition: 0, offset: String(i), key: value.incidentId, value, headers: {}, timestamp: NOW }));

describe('notification outcomes on the incident', () => {
  let repository: IncidentRepository;
  let handler: NotificationOutcomesHandler;
  let published: Incident[];

  beforeEach(async () => {
    const noop = () => undefined;
    const bus = new InProcessEventBus({ logger: { info: noop, warn: noop, error: noop }, partitions: 1, verifyContracts: true });
    repository = new IncidentRepository(new InMemoryDocumentStore(), { INCIDENT_STATE_TTL_MS: 86_400_000 });
    await repository.update(['inc-1', 'inc-2'].map((id) => ({ tenant: 'acme', id, apply: () => ({ incident: { ...opened, id }, changed: true }) })));
    const changes = new IncidentChanges();
    published = [];
    changes.subscribe((change) => published.push({ id: change.id, version: change.version } as Incident));
    const lifecycle = new IncidentLifecycle(repository, changes, bus, new AvroCodec(), topicsFor('t.'), () => NOW);
    handler = new NotificationOutcomesHandler(lifecycle);
  });

  const incident = async () => (await repository.get('acme', 'inc-1'))!.value;

  it('records a sent notification and the ticket it created once, however often the outcome arrives', async () => {
    const sent = outcome({ ticket: { provider: 'jira', ref: 'SOC-42' } });
    await handler.handle(recordsOf([sent, sent]));
    await handler.handle(recordsOf([sent]));
    const { timeline, tickets, version } = await incident();
    expect(timeline.slice(1)).toEqual([
      { at: NOW, actor: 'system:notifier', action: 'notified', detail: `opened to soc-jira (jira), attempt 1, HTTP 201 [inc-1/opened/${NOW - 600_000}]` },
      { at: NOW, actor: 'system:notifier', action: 'ticket_linked', detail: 'jira SOC-42' },
    ]);
    expect(tickets).toEqual({ jira: 'SOC-42' });
    expect(version).toBe(3);
  });

  it('writes each incident once for a batch, and publishes every version in order', async () => {
    const stored = await repository.get('acme', 'inc-1');
    await handler.handle(recordsOf([outcome(), outcome({ incidentId: 'inc-2', transitionKey: 'inc-2/opened' }), outcome({ status: 'failed', error: 'timeout', transitionKey: 'inc-1/escalated' })]));
    const after = await repository.get('acme', 'inc-1');
    expect(after!.version).toBe(stored!.version + 1);
    expect(after!.value.timeline.map((entry) => entry.action)).toEqual(['opened', 'notified', 'notification_failed']);
    expect((await repository.get('acme', 'inc-2'))!.value.timeline.map((entry) => entry.action)).toEqual(['opened', 'notified']);
    expect(published.map(({ id, version }) => `${id}@${version}`)).toEqual(['inc-1@2', 'inc-2@2', 'inc-1@3']);
  });

  it('refuses the outcome for a missing incident and still applies the others of its batch', async () => {
    await expect(handler.handle(recordsOf([outcome(), outcome({ incidentId: 'nope' }), outcome({ incidentId: 'inc-2', transitionKey: 'inc-2/opened' })]))).rejects.toMatchObject({
      name: 'IncidentNotFound',
      id: 'nope',
    });
    expect((await incident()).timeline.map((entry) => entry.action)).toEqual(['opened', 'notified']);
    expect((await repository.get('acme', 'inc-2'))!.value.timeline.map((entry) => entry.action)).toEqual(['opened', 'notified']);
  });

  it('records a failed notification with its reason', async () => {
    await handler.handle(recordsOf([outcome({ status: 'failed', channel: 'pager', channelType: 'pagerduty', attempts: 4, httpStatus: 503, error: 'pager answered 503' })]));
    expect((await incident()).timeline.at(-1)).toMatchObject({ action: 'notification_failed', detail: expect.stringMatching(/^opened to pager \(pagerduty\) failed after 4 attempts: pager answered 503 \[/) });
  });

  it('refuses an outcome for an incident the tenant does not have (not retriable: a dead letter)', async () => {
    await expect(handler.handle(recordsOf([outcome({ incidentId: 'nope' })]))).rejects.toMatchObject({ name: 'IncidentNotFound', retriable: false });
  });
});
