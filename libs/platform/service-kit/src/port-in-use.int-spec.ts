// A service started in the distributed mode on a port something else holds: one line naming the
// port and HTTP_PORT on stderr, exit 1, no stack trace (the ingest service over the real broker).
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('a service whose HTTP port is taken', () => {
  it('says so in one line naming HTTP_PORT and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', 'ingest', 'src', 'main.ts')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', INGEST_API_KEYS: 'acme:port-test-key', TOPIC_PREFIX: `port-test-${process.pid}.`, LOG_LEVEL: 'warn' },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`ingest: port ${port} on 127.0.0.1 is already in use; set HTTP_PORT to a free port\n`);
      expect(`${run.stderr}${run.stdout}`).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
