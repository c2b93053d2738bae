import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { uniqueName, waitFor } from '@quell/platform-testing';
import { FailingReceiver } from './test/failing-receiver';
import { startWebhookNotifier, type WebhookNotifier } from './test/webhook-notifier';

/**
 * The notifier over the real broker and Redis, with a loopback receiver that rate-limits: a 429
 * spends no retry attempt until NOTIFY_RATE_LIMITED_DEADLINE_MS after the first, then counts.
 */
describe('notifier against a rate-limited channel (429 with Retry-After)', () => {
  // `limited` is refused four times, more than its three attempts, then accepted; `never` always refused.
  const receiver = new FailingReceiver((id, seen) => (id === 'never' || (id === 'limited' && seen < 4) ? 429 : 200), { 'retry-after': '1' });
  let notifier: WebhookNotifier;

  beforeAll(async () => {
    notifier = await startWebhookNotifier(uniqueName('notifier-429'), await receiver.start(), {
      NOTIFY_RETRY_DELAYS_MS: '500,500',
      NOTIFY_RATE_LIMITED_DEADLINE_MS: '6000',
      TIMER_LEASE_MS: '5000',
      TIMER_MAX_IDLE_MS: '200',
    });
  }, 90_000);

  afterAll(async () => {
    await notifier?.stop();
    await receiver.stop();
  });

  it('delivers after more 429s than it has attempts, each Retry-After waited out, and dead-letters one that never stops past the deadline', async () => {
    await notifier.publish(['limited', 'never']);
    await waitFor(() => (receiver.callsOf('limited').some((c) => c.status === 200) ? true : undefined), { timeoutMs: 20_000, description: 'the rate-limited delivery' });
    const limited = receiver.callsOf('limited');
    expect(limited.map((c) => c.status)).toEqual([429, 429, 429, 429, 200]);
    // Retry-After: 1 obeyed between the calls; one idempotency key throughout.
    limited.slice(1).forEach((call, i) => expect(call.at - limited[i].at).toBeGreaterThanOrEqual(1_000 - 5));
    expect(new Set(limited.map((c) => c.idempotencyKey)).size).toBe(1);

    // Refused for ever: past the deadline its 429s are failed attempts, and the third is the last.
    const { deadLetters, infra } = notifier;
    await waitFor(() => (deadLetters.messages.length > 0 ? true : undefined), { timeoutMs: 30_000, description: 'the dead letter' });
    expect(deadLetters.messages).toHaveLength(1);
    const [letter] = deadLetters.messages;
    expect(infra.codec.decode(letter.value!, 'Incident').id).toBe('never');
    expect(letter.headers[DEAD_LETTER_HEADERS.error]?.toString()).toBe('webhook answered 429');
    expect(letter.headers[DEAD_LETTER_HEADERS.attempts]?.toString()).toBe('3');
    const never = receiver.callsOf('never');
    expect(never[never.length - 1].at - never[0].at).toBeGreaterThanOrEqual(6_000);
  }, 60_000);
});
