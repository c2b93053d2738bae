import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEAD_LETTER_HEADERS, InProcessEventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { startOperatorApi, type OperatorApi } from './operator-api';
import { SinglePortRouter } from './single-port';

const TOPIC = 'quell.dlq.v1';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function deadLetter(tenant: string, reason: string, value: string) {
  return {
    topic: TOPIC,
    key: `k-${tenant}`,
    value: Buffer.from(value),
    headers: {
      'quell.tenant': tenant,
      [DEAD_LETTER_HEADERS.error]: reason,
      [DEAD_LETTER_HEADERS.stage]: 'normalizer',
      [DEAD_LETTER_HEADERS.attempts]: '3',
      [DEAD_LETTER_HEADERS.topic]: 'quell.raw.v1',
      [DEAD_LETTER_HEADERS.partition]: '2',
      [DEAD_LETTER_HEADERS.offset]: '41',
    },
  };
}

describe('the all-in-one dead letters (GET /v1/dead-letters)', () => {
  const bus = new InProcessEventBus({ logger: quiet, partitions: 1 });
  let app: OperatorApi;
  let server: ReturnType<typeof createServer>;
  let base: string;
  const get = (path: string, key?: string) => fetch(`${base}${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const json = async (answer: Response): Promise<any> => answer.json();

  beforeAll(async () => {
    app = await startOperatorApi({ bus, deadLetterTopic: TOPIC, apiKeys: 'acme:analyst:read:acme-key,globex:ops:read:globex-key,acme:root:admin:admin-key', logger: createLogger({ service: 'dead-letters', level: 'silent' }), maxBodyBytes: 1024 });
    server = createServer(new SinglePortRouter([app.mounted]).handle);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await bus.publish([deadLetter('acme', 'no parser for this record', 'CEF:0|broken'), deadLetter('globex', 'bad', 'x'), deadLetter('acme', 'second', 'y'.repeat(5000))]);
    for (let i = 0; i < 100; i++) {
      if ((await json(await get('/v1/dead-letters', 'admin-key'))).total === 3) break;
      await new Promise((done) => setTimeout(done, 20));
    }
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await app.close();
    await bus.close();
  });

  it("lists the key's tenant's dead letters, newest first, with the reason, stage, attempts and origin", async () => {
    const answer = await get('/v1/dead-letters', 'acme-key');
    expect(answer.status).toBe(200);
    const body = await json(answer);
    expect(body).toMatchObject({ total: 2, dropped: 0 });
    expect(body.items.map((item: { reason: string }) => item.reason)).toEqual(['second', 'no parser for this record']);
    expect(body.items[1]).toMatchObject({ tenant: 'acme', stage: 'normalizer', attempts: 3, origin: { topic: 'quell.raw.v1', partition: 2, offset: '41' }, key: 'k-acme', size: 12, preview: 'CEF:0|broken' });
    expect(body.items[0]).toMatchObject({ size: 5000, preview: 'y'.repeat(2048) });
  });

  it('shows every tenant to an admin key, honours limit, and refuses without a key or with a bad limit', async () => {
    expect(await json(await get('/v1/dead-letters?limit=1', 'admin-key'))).toMatchObject({ total: 3, items: [{ reason: 'second' }] });
    expect((await json(await get('/v1/dead-letters', 'globex-key'))).items.map((i: { tenant: string }) => i.tenant)).toEqual(['globex']);
    expect((await get('/v1/dead-letters')).status).toBe(401);
    const bad = await get('/v1/dead-letters?limit=9999', 'acme-key');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});
