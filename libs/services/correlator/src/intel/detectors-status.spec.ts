import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { InProcessCorrelator } from '../test/correlator-harness';

/**
 * The detectors' status endpoints as the correlator serves them, with a broken watchlist. (Anomaly
 * rules need ClickHouse history; the file's status itself is tested in anomaly-rules-source.spec.)
 */
describe('GET /v1/watchlists and /v1/anomaly-rules', () => {
  let correlator: InProcessCorrelator;

  afterEach(async () => {
    await correlator.stop();
  });

  it('tell what each watchlist and the anomaly rules serve, to a rules API key only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-status-'));
    const lists = join(dir, 'lists');
    correlator = new InProcessCorrelator({});
    mkdirSync(lists);
    writeFileSync(join(lists, 'admins.csv'), 'user\nalice\nbob\n');
    writeFileSync(join(lists, 'tor.json'), '{"indicators": [');
    const service = await correlator.start(undefined, { WATCHLISTS_DIR: lists, WATCHLISTS_POLL_MS: '0', RULES_API_KEYS: 'soc:reader-key:read' });
    const http = () => request(service.app.getHttpServer());

    expect((await http().get('/v1/watchlists')).status).toBe(401);
    expect((await http().get('/v1/anomaly-rules').set('authorization', 'Bearer nope')).body).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'a valid rules API key is required: Authorization: Bearer <key>' });

    const watchlists = await http().get('/v1/watchlists').set('authorization', 'Bearer reader-key');
    expect(watchlists.status).toBe(200);
    expect(watchlists.body).toEqual({
      dir: lists,
      lists: 1,
      indicators: 2,
      files: [
        { file: 'admins.csv', list: 'admins', indicators: 2, entryErrors: 0, errors: [], skipped: { revoked: 0, expired: 0 }, servingPrevious: false, served: true },
        {
          file: 'tor.json',
          list: 'tor',
          indicators: 0,
          entryErrors: 1,
          errors: [{ reason: expect.stringMatching(/^not JSON/) }],
          skipped: { revoked: 0, expired: 0 },
          servingPrevious: false,
          served: false,
          rejected: expect.stringMatching(/^not JSON/),
        },
      ],
    });

    const anomaly = await http().get('/v1/anomaly-rules').set('authorization', 'Bearer reader-key');
    expect(anomaly.body).toEqual({ file: null, rate: 0, firstSeen: 0, servingPrevious: false });
  });
});
