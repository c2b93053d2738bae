import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createControllableRedis, waitFor, type ControllableRedis } from '@quell/platform-testing';
import { createRedisClient, type RedisClient } from './redis-client';

// A Redis server of this test's own: pausing the shared one would stall every other test.
let server: ControllableRedis;
let client: RedisClient;
const dataDir = mkdtempSync(path.join(tmpdir(), 'quell-redis-client-'));

beforeAll(async () => {
  server = await createControllableRedis(dataDir, 'none');
  await server.start();
  client = createRedisClient(server.url, { commandTimeoutMs: 500 });
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('createRedisClient', () => {
  it('fails a command within its timeout while the server is paused, and works again once it resumes', async () => {
    await client.set('k', 'before');
    await server.pause();
    try {
      const started = Date.now();
      await expect(client.get('k')).rejects.toThrow(/timed out/i);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      await server.resume();
    }
    expect(await waitFor(() => client.get('k').then((v) => v ?? undefined), { description: 'Redis answering after SIGCONT' })).toBe('before');
  }, 30_000);
});
