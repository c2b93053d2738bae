import { DEAD_LETTER_HEADERS, InProcessEventBus, type ConsumerHandle, type InboundRecord } from '@quell/platform-kafka';
import { bearerRequest, waitFor } from '@quell/platform-testing';
import { serveOperatorApi, type ServedOperatorApi } from '../test/operator-api-server';

const DLQ = 'replay.dlq.v1';
const STAGE_TOPIC = 'replay.stage.v1';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Replay over the in-process bus and its real delivery policy: a stage fails on a record (the
 * cause), the bus dead-letters it, the cause is fixed, and the replay reaches the stage as sent.
 */
describe('POST /v1/dead-letters/{id}/replay', () => {
  const bus = new InProcessEventBus({ logger: quiet, partitions: 1 });
  let broken = true;
  const handled: InboundRecord<Buffer>[] = [];
  let stage: ConsumerHandle;
  let served: ServedOperatorApi;
  let base: string;
  const list = async (key: string) => ((await (await bearerRequest(base, 'GET', '/v1/dead-letters', key)).json()) as { items: Record<string, unknown>[] }).items;

  beforeAll(async () => {
    stage = await bus.consume({
      groupId: 'replay.stage',
      subscriptions: [
        {
          topic: STAGE_TOPIC,
          decode: (bytes) => bytes,
          handle: async (records) => {
            if (broken) throw new Error('the parser for this source is missing');
            handled.push(...(records as InboundRecord<Buffer>[]));
            return [];
          },
        },
      ],
      deadLetterTopic: DLQ,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    served = await serveOperatorApi({ bus, deadLetterTopic: DLQ, apiKeys: 'acme:ops:write:acme-write,globex:ops:write:globex-write,acme:root:admin:admin-key' });
    base = served.base;
  });

  afterAll(async () => {
    await served.close();
    await stage.stop();
    await bus.close();
  });

  it('sends the original bytes, key and headers back to the stage once the cause is fixed', async () => {
    await bus.publish([{ topic: STAGE_TOPIC, key: 'host-7', value: Buffer.from('<34>Oct 11 22:14:15 host-7 su: failed'), headers: { 'quell.tenant': 'acme', 'trace-id': 't-1' } }]);
    const [letter] = await waitFor(async () => ((await list('acme-write')).length === 1 ? list('acme-write') : undefined), { description: 'the dead letter' });
    expect(letter).toMatchObject({ reason: 'the parser for this source is missing', origin: { topic: STAGE_TOPIC }, replayable: true, notReplayable: null });

    broken = false;
    expect((await bearerRequest(base, 'POST', `/v1/dead-letters/${letter.id}/replay`, 'globex-write')).status).toBe(404);
    const answer = await bearerRequest(base, 'POST', `/v1/dead-letters/${letter.id}/replay`, 'acme-write');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: letter.id, replayedTo: STAGE_TOPIC });
    await waitFor(() => (handled.length === 1 ? true : undefined), { description: 'the replayed record at the stage' });
    expect(handled[0]).toMatchObject({ key: 'host-7', headers: { 'quell.tenant': 'acme', 'trace-id': 't-1' } });
    expect(handled[0].value.toString()).toBe('<34>Oct 11 22:14:15 host-7 su: failed');
    expect(Object.keys(handled[0].headers).some((name) => name.startsWith('quell.dlq.'))).toBe(false);

    const again = await bearerRequest(base, 'POST', `/v1/dead-letters/${letter.id}/replay`, 'admin-key');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect((await list('acme-write'))[0]).toMatchObject({ id: letter.id, replayable: false, replayedAt: expect.any(String) });
    expect(handled).toHaveLength(1);
  });

  it('refuses with 422 and the reason a letter that does not say where it came from, and lists it as not replayable', async () => {
    await bus.publish([{ topic: DLQ, key: null, value: Buffer.from('x'), headers: { 'quell.tenant': 'globex', [DEAD_LETTER_HEADERS.error]: 'lost' } }]);
    const [letter] = await waitFor(async () => ((await list('globex-write')).length === 1 ? list('globex-write') : undefined), { description: 'the letter without origin' });
    expect(letter).toMatchObject({ origin: null, replayable: false, notReplayable: 'the letter does not say which topic it came from' });
    const refused = await bearerRequest(base, 'POST', `/v1/dead-letters/${letter.id}/replay`, 'globex-write');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { detail: string }).detail).toBe(`dead letter ${letter.id} cannot be replayed: the letter does not say which topic it came from`);
  });
});
