import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, topicsFor } from '@quell/contracts';
import { requireKafkaBrokers, requireRedisUrl, StageProcess, testKafkaClient, uniqueName, waitFor } from '@quell/platform-testing';
import { FailingReceiver, openedIncident } from './test/failing-receiver';
import { groupCaughtUp } from './test/group-caught-up';

const INCIDENTS = 10;
const RETRY_DELAY_MS = 2_000;

/**
 * The notifier as its own process over the real broker and Redis: every delivery failed once and
 * its record is committed with a retry pending; the process is SIGKILLed, the receiver recovers,
 * and the restarted notifier delivers each incident exactly once, no retry before its delay.
 */
describe('notifier retries across a SIGKILL', () => {
  const brokers = requireKafkaBrokers();
  const prefix = uniqueName('notifier-restart');
  const topics = topicsFor(`${prefix}.`);
  let healed = false;
  const receiver = new FailingReceiver(() => (healed ? 200 : 503));
  let notifier: StageProcess;

  beforeAll(async () => {
    const url = await receiver.start();
    notifier = new StageProcess({
      app: 'notifier',
      logDir: mkdtempSync(join(tmpdir(), 'quell-notifier-')),
      restart: 'never',
      env: {
        BUS: 'kafka',
        KAFKA_BROKERS: brokers.join(','),
        REDIS_URL: requireRedisUrl(),
        TOPIC_PREFIX: `${prefix}.`,
        KAFKA_GROUP_PREFIX: prefix,
        NOTIFY_WEBHOOK_URL: url,
        NOTIFY_DELIVERY_LOG_CLICKHOUSE: 'false',
        NOTIFY_TIMEOUT_MS: '1000',
        NOTIFY_RETRY_DELAYS_MS: `${RETRY_DELAY_MS},${RETRY_DELAY_MS}`,
        TIMER_LEASE_MS: '3000',
        TIMER_MAX_IDLE_MS: '500',
        LOG_LEVEL: 'info',
      },
    });
  });

  afterAll(async () => {
    await notifier?.stop();
    await receiver.stop();
  });

  it('delivers each incident once after the restart, with its retry pending at the kill', async () => {
    await notifier.start();
    await notifier.waitReady();
    const producer = testKafkaClient(brokers, 'notifier-restart-test').producer();
    await producer.connect();
    const codec = new AvroCodec();
    const ids = Array.from({ length: INCIDENTS }, (_, i) => `inc-${i}`);
    await producer.send({ topic: topics.incidents, acks: -1, messages: ids.map((id) => ({ key: id, value: codec.encode('Incident', openedIncident(id)) })) });
    await producer.disconnect();

    // Every first attempt failed and every record is committed: what is left lives in the timers.
    await waitFor(() => (ids.every((id) => receiver.callsOf(id).length >= 1) ? true : undefined), { description: 'a first attempt per incident' });
    await waitFor(() => groupCaughtUp(brokers, `${prefix}.notifier`, topics.incidents), { description: 'the incidents committed' });
    await notifier.kill();
    healed = true;
    await notifier.start();

    await waitFor(() => (ids.every((id) => receiver.callsOf(id).some((c) => c.status === 200)) ? true : undefined), {
      timeoutMs: 60_000,
      description: 'every incident delivered after the restart',
    });
    // Long enough for any duplicate retry (another lease) to show.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    for (const id of ids) {
      const calls = receiver.callsOf(id);
      expect(calls.filter((c) => c.status === 200)).toHaveLength(1);
      expect(new Set(calls.map((c) => c.idempotencyKey))).toEqual(new Set([`${id}:1:incident.opened`]));
      // Each call waited at least the retry delay after the one before (a timer never fires early).
      for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 5);
    }
  }, 180_000);
});
