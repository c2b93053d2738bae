import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseDeliveryLog, type DeliveryAttempt } from '@quell/platform-delivery-log';
import type { ConsumerHandle, InboundRecord } from '@quell/platform-kafka';
import { createTopics, requireKafkaBrokers, requireRedisUrl, waitFor } from '@quell/platform-testing';
import { IncidentApiHarness } from '../api/test/incident-api-harness';

const KEYS = 'acme:reader:read:acme-read,acme:ann:write:acme-write,globex:gw:write:globex-write,ops:root:admin:admin-key';
type Letter = { id: string; tenant: string | null; reason: string; stage: string; group: string; origin: { topic: string } | null; key: string | null; preview: string; headers: Record<string, string>; replayable: boolean; notReplayable: string | null; replayedAt: string | null; replayedBy: string | null };

/**
 * The incident-manager's dead letters over the real broker and the embedded ClickHouse engine: a
 * stage (a consumer of its own topic, with the platform's delivery policy) fails on a record, the
 * bus dead-letters it, the incident-manager's consumer stores it once however often it comes, the
 * API lists it to its tenant only, a replay after the cause is fixed reaches the stage, and a
 * second replay is refused, also by the next incident-manager on the same data directory.
 */
describe('dead letters in ClickHouse, listed and replayed by the incident-manager (Kafka, chdb)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-dead-letters-ch-'));
  let harness = new IncidentApiHarness(dataDir);
  const prefix = harness.prefix;
  const env = { BUS: 'kafka', KAFKA_BROKERS: requireKafkaBrokers().join(','), REDIS_URL: requireRedisUrl(), INCIDENTS_API_KEYS: KEYS, DELIVERY_MAX_ATTEMPTS: '1' };
  const stageTopic = `${prefix}.stage.v1`;
  let broken = true;
  const handled: InboundRecord<Buffer>[] = [];
  let stage: ConsumerHandle | undefined;
  const list = async (key: string, query = ''): Promise<Letter[]> => ((await (await harness.request('GET', `/v1/dead-letters${query}`, key)).json()) as { items: Letter[] }).items;

  beforeAll(async () => {
    await createTopics(requireKafkaBrokers(), [stageTopic], 1);
    await harness.start(env);
    stage = await harness.infra.bus.consume({
      groupId: `${prefix}.stage`,
      subscriptions: [
        {
          topic: stageTopic,
          decode: (bytes) => bytes,
          handle: async (records) => {
            if (broken) throw new Error('no parser for this source yet');
            handled.push(...(records as InboundRecord<Buffer>[]));
            return [];
          },
        },
      ],
      deadLetterTopic: harness.infra.topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    await stage.ready;
  }, 90_000);

  afterAll(async () => {
    await stage?.stop();
    await harness.stop();
  });

  it('stores a letter once however often it comes, and lists it to its tenant only', async () => {
    const { bus, topics } = harness.infra;
    await bus.publish([{ topic: stageTopic, key: 'host-7', value: Buffer.from('<34>Oct 11 22:14:15 host-7 su: failed'), headers: { 'quell.tenant': 'acme', 'trace-id': 't-1' } }]);
    const [letter] = await waitFor(async () => ((await list('acme-read')).length === 1 ? list('acme-read') : undefined), { timeoutMs: 30_000, description: 'the dead letter stored' });
    expect(letter).toMatchObject({ tenant: 'acme', reason: 'no parser for this source yet', stage: 'handle', group: `${prefix}.stage`, origin: { topic: stageTopic }, key: 'host-7', replayable: true, replayedAt: null });

    // The same letter again (a stage that retried its batch, a redelivery to the store), then a
    // globex letter with the same key, so on the same partition and stored after it.
    await bus.publish([{ topic: topics.deadLetters, key: 'host-7', value: Buffer.from('<34>Oct 11 22:14:15 host-7 su: failed'), headers: letter.headers }]);
    await bus.publish([{ topic: topics.deadLetters, key: 'host-7', value: Buffer.from('lost'), headers: { 'quell.tenant': 'globex', 'quell.dlq.error': 'lost its origin' } }]);
    await waitFor(async () => ((await list('globex-write')).length === 1 ? true : undefined), { timeoutMs: 30_000, description: 'the globex letter stored' });
    expect((await list('acme-read')).map((item) => item.id)).toEqual([letter.id]);
    expect(await list('globex-write')).toMatchObject([{ tenant: 'globex', origin: null, replayable: false, notReplayable: 'the letter does not say which topic it came from' }]);
    expect((await list('admin-key')).map((item) => item.tenant).sort()).toEqual(['acme', 'globex']);
    expect(await list('acme-read', '?reason=PARSER&stage=handle')).toHaveLength(1);
    expect(await list('acme-read', '?stage=decode')).toEqual([]);
    const bad = await harness.request('GET', '/v1/dead-letters?stage=nowhere', 'acme-read');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  }, 60_000);

  it('replays the original bytes, key and headers to the stage once the cause is fixed; 422 for a letter without origin', async () => {
    const [letter] = await list('acme-read');
    const [lost] = await list('globex-write');
    expect((await harness.request('POST', `/v1/dead-letters/${letter.id}/replay`, 'acme-read')).status).toBe(403);
    expect((await harness.request('POST', `/v1/dead-letters/${letter.id}/replay`, 'globex-write')).status).toBe(404);
    const refused = await harness.request('POST', `/v1/dead-letters/${lost.id}/replay`, 'globex-write');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { detail: string }).detail).toContain('does not say which topic it came from');

    broken = false;
    // Two at once: one claims the replay, the other is refused.
    const answers = await Promise.all([1, 2].map(() => harness.request('POST', `/v1/dead-letters/${letter.id}/replay`, 'acme-write')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const answer = answers.find((a) => a.status === 200)!;
    expect(await answer.json()).toEqual({ id: letter.id, replayedTo: stageTopic });
    await waitFor(() => (handled.length === 1 ? true : undefined), { timeoutMs: 30_000, description: 'the replayed record at the stage' });
    expect(handled[0]).toMatchObject({ key: 'host-7', headers: { 'quell.tenant': 'acme', 'trace-id': 't-1' } });
    expect(handled[0].value.toString()).toBe('<34>Oct 11 22:14:15 host-7 su: failed');
    expect(Object.keys(handled[0].headers).some((name) => name.startsWith('quell.dlq.'))).toBe(false);
    expect(handled).toHaveLength(1);
  }, 60_000);

  it('refuses a second replay with 409, also after the incident-manager restarts on the same data', async () => {
    const [letter] = await list('acme-read');
    expect((await harness.request('POST', `/v1/dead-letters/${letter.id}/replay`, 'acme-write')).status).toBe(409);
    await stage?.stop();
    stage = undefined;
    await harness.stop();

    harness = new IncidentApiHarness(dataDir);
    await harness.start({ ...env, TOPIC_PREFIX: `${prefix}.`, KAFKA_GROUP_PREFIX: `${prefix}-group` });
    const again = await harness.request('POST', `/v1/dead-letters/${letter.id}/replay`, 'acme-write');
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/was replayed at .* by ann/);
    expect((await list('acme-read'))[0]).toMatchObject({ id: letter.id, replayable: false, replayedBy: 'ann', replayedAt: expect.any(String) });
  }, 90_000);

  it("lists the tenant's failed deliveries from the delivery log (GET /v1/deliveries?status=failed)", async () => {
    const at = Date.now() - 60_000;
    const attempt = (tenant: string, channel: string, n: number, status: DeliveryAttempt['status']): DeliveryAttempt => ({
      tenant, incidentId: 'inc-1', transition: 'opened', transitionKey: `inc-1/opened/${at}`, channel, attempt: n, status, httpStatus: status === 'sent' ? 200 : 503, error: status === 'sent' ? null : `${channel} answered 503`, at: at + n,
    });
    const log = new ClickHouseDeliveryLog(harness.infra.clickhouse!, { database: harness.config.CLICKHOUSE_DATABASE });
    [attempt('acme', 'pager', 1, 'retry'), attempt('acme', 'pager', 2, 'failed'), attempt('acme', 'slack', 1, 'sent'), attempt('globex', 'pager', 1, 'failed')].forEach((row) => log.record(row));
    await log.flush();
    const answer = await harness.request('GET', '/v1/deliveries?status=failed', 'acme-read');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      items: [{ incidentId: 'inc-1', transition: 'opened', transitionKey: `inc-1/opened/${at}`, channel: 'pager', attempt: 2, status: 'failed', httpStatus: 503, error: 'pager answered 503', at: new Date(at + 2).toISOString() }],
    });
    expect(((await (await harness.request('GET', '/v1/deliveries', 'globex-write')).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await harness.request('GET', '/v1/deliveries?status=lost', 'acme-read')).status).toBe(400);
    expect((await fetch(`${harness.url}/v1/deliveries`)).status).toBe(401);
  });
});
