import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { uniqueName, waitFor } from '@quell/platform-testing';
import { FailingReceiver } from './test/failing-receiver';
import { groupCaughtUp } from './test/group-caught-up';
import { startWebhookNotifier, type WebhookNotifier } from './test/webhook-notifier';

/**
 * The notifier over the real broker and Redis, with a receiver that fails: its retries are
 * durable timers, so the records behind a failing delivery are delivered at once and committed.
 */
describe('notifier webhook retries (durable timers, partition not held)', () => {
  const prefix = uniqueName('notifier-retries');
  // Down for `down`, failing `flaky`'s first call, accepting the rest.
  const receiver = new FailingReceiver((id, seen) => (id === 'down' || (id === 'flaky' && seen === 0) ? 503 : 200));
  const calls = receiver.calls;
  let notifier: WebhookNotifier;

  beforeAll(async () => {
    notifier = await startWebhookNotifier(prefix, await receiver.start(), {
      NOTIFY_RETRY_DELAYS_MS: '5000,1000',
      TIMER_LEASE_MS: '5000',
      TIMER_MAX_IDLE_MS: '500',
    });
  }, 90_000);

  afterAll(async () => {
    await notifier?.stop();
    await receiver.stop();
  });

  // One key: one partition, so the records queue behind each other.
  const publish = (ids: string[]) => notifier.publish(ids, () => 'one-partition');

  it('delivers past a failing receiver at once, retries it later, and dead-letters it with the reason', async () => {
    await publish(['down', 'ok', 'flaky']);
    await waitFor(() => (calls.some((c) => c.id === 'ok') ? true : undefined), { description: 'the delivery behind the failing one' });
    // Committed while the failing delivery still waits for its first retry.
    await waitFor(() => groupCaughtUp(notifier.brokers, `${prefix}.notifier`, notifier.infra.topics.incidents), { timeoutMs: 4_500, description: 'the incidents committed' });
    expect(calls.filter((c) => c.id === 'down')).toHaveLength(1);

    await waitFor(() => (notifier.deadLetters.messages.length > 0 ? true : undefined), { timeoutMs: 30_000, description: 'the dead letter' });
    expect(calls.filter((c) => c.id === 'down').map((c) => c.status)).toEqual([503, 503, 503]);
    expect(calls.filter((c) => c.id === 'flaky').map((c) => c.status)).toEqual([503, 200]);
    expect(new Set(calls.filter((c) => c.id === 'flaky').map((c) => c.idempotencyKey))).toEqual(new Set(['flaky:1:incident.opened']));
    const [letter] = notifier.deadLetters.messages;
    expect(letter.headers[DEAD_LETTER_HEADERS.error]?.toString()).toBe('webhook answered 503');
    expect(letter.headers[DEAD_LETTER_HEADERS.attempts]?.toString()).toBe('3');
    expect(letter.headers[DEAD_LETTER_HEADERS.topic]?.toString()).toBe(notifier.infra.topics.incidents);
    expect(notifier.infra.codec.decode(letter.value!, 'Incident').id).toBe('down');
  });

  it('sends nothing twice when delivered incidents are replayed', async () => {
    const before = calls.length;
    await publish(['ok', 'flaky']);
    await waitFor(() => groupCaughtUp(notifier.brokers, `${prefix}.notifier`, notifier.infra.topics.incidents), { description: 'the replay consumed' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(calls.length).toBe(before);
    expect(calls.filter((c) => c.status === 200).map((c) => c.id).sort()).toEqual(['flaky', 'ok']);
  });
});
