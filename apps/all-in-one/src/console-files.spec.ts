import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFiles } from '@quell/platform-http';
import { HealthRegistry } from '@quell/platform-observability';
import { fakeConsoleBuild, rawRequest } from '@quell/platform-testing';
import { SinglePortRouter, type MountedService } from './single-port';

const incidents: MountedService = {
  name: 'incident-manager',
  handle: (req: IncomingMessage, res: ServerResponse) => res.writeHead(401).end(`api ${req.url}`),
  document: { openapi: '3.1.0', info: { title: 'x', version: 'v1' }, paths: { '/v1/incidents': { get: {} } } },
  health: new HealthRegistry(),
};

/** A raw request through the router: the path goes out as written. */
async function raw(router: SinglePortRouter, path: string, method = 'GET') {
  const server = createServer(router.handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    return await rawRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, path, method);
  } finally {
    server.close();
  }
}

describe('the console on the one port', () => {
  const router = new SinglePortRouter([incidents], new ConsoleFiles(fakeConsoleBuild().dir));

  it('serves the shell at /, /console and /index.html, never cached, with no key', async () => {
    for (const path of ['/', '/console', '/index.html']) {
      const answer = await raw(router, path);
      expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
      expect(answer.body).toContain('<title>Quell</title>');
    }
  });

  it('serves hashed assets for good, with their content type', async () => {
    const answer = await raw(router, '/assets/index-Ab12_x.js');
    expect(answer).toMatchObject({ status: 200, body: 'console.log(1)', headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' } });
    expect((await raw(router, '/console/assets/index-Ab12_x.js')).status).toBe(200);
    expect(await raw(router, '/assets/missing.js')).toMatchObject({ status: 404, body: 'no console asset missing.js\n' });
  });

  it('reaches nothing outside the build', async () => {
    for (const path of ['/assets/../../secret.txt', '/assets/..%2F..%2Fsecret.txt', '/assets/.hidden', '/secret.txt']) {
      const answer = await raw(router, path);
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('not for the web');
    }
  });

  it('leaves the APIs to their services and their keys, and is read only', async () => {
    expect(await raw(router, '/v1/incidents')).toMatchObject({ status: 401, body: 'api /v1/incidents' });
    expect(await raw(router, '/', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
  });

  it('says how to build it when it is not built', async () => {
    const unbuilt = new ConsoleFiles(join(tmpdir(), 'quell-no-console-here'));
    expect(unbuilt.built()).toBe(false);
    const answer = await raw(new SinglePortRouter([incidents], unbuilt), '/');
    expect(answer).toMatchObject({ status: 503, body: expect.stringContaining('npm run build:console') });
  });
});
