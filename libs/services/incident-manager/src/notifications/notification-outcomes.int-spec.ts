import type { NotificationOutcome } from '@quell/contracts';
import { requireKafkaBrokers, requireRedisUrl, waitFor } from '@quell/platform-testing';
import { IncidentApiHarness, incident, T0 } from '../api/test/incident-api-harness';
import { IncidentRepository } from '../incident.repository';

/**
 * The notifier's outcomes reach the incident over the real broker: a NotificationOutcome on the
 * notifications topic becomes a timeline entry and a ticket reference, once, however often it comes.
 */
describe('notification outcomes over the broker', () => {
  const harness = new IncidentApiHarness();

  beforeAll(async () => {
    await harness.start({ BUS: 'kafka', KAFKA_BROKERS: requireKafkaBrokers().join(','), REDIS_URL: requireRedisUrl() });
    await harness.seed(incident('inc-n'));
  }, 90_000);

  afterAll(() => harness.stop());

  it('records the sent notification and links the ticket, once for a redelivered outcome', async () => {
    const outcome: NotificationOutcome = {
      id: 'o-1', tenant: 'acme', incidentId: 'inc-n', transition: 'opened', transitionKey: `inc-n/opened/${T0}`, channel: 'soc-jira', channelType: 'jira',
      status: 'sent', attempts: 1, httpStatus: 201, error: null, ticket: { provider: 'jira', ref: 'SOC-7' }, at: T0 + 1_000,
    };
    const { bus, codec, topics } = harness.infra;
    const record = { topic: topics.notifications, key: 'inc-n', value: codec.encodable('NotificationOutcome', outcome) };
    await bus.publish([record, record]);
    const repository = harness.service.app.get(IncidentRepository);
    const stored = await waitFor(async () => {
      const current = (await repository.get('acme', 'inc-n'))?.value;
      return current?.tickets['jira'] ? current : undefined;
    }, { timeoutMs: 30_000, description: 'the outcome applied' });
    await bus.publish([record]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = (await repository.get('acme', 'inc-n'))!.value;
    expect(after.version).toBe(stored.version);
    expect(after.timeline.map((entry) => entry.action)).toEqual(['opened', 'notified', 'ticket_linked']);
    expect(after.tickets).toEqual({ jira: 'SOC-7' });
  }, 60_000);
});
