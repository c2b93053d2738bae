import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleConfigOf } from './console-config';
import { ConsoleFiles } from './console-files';

const oidcSettings = { OIDC_ISSUER: 'https://sso.example.com/realms/quell', OIDC_CLIENT_ID: 'quell-console', OIDC_SCOPES: 'openid profile email', OIDC_CONSOLE_TOKEN: 'id' as const };

describe("the console's config.json", () => {
  it('names the OIDC provider and client (nothing secret), or nothing while OIDC is off', () => {
    expect(consoleConfigOf({ ...oidcSettings, OIDC_ISSUER: undefined })).toEqual({});
    expect(consoleConfigOf(oidcSettings)).toEqual({
      oidc: { issuer: 'https://sso.example.com/realms/quell', clientId: 'quell-console', providerName: 'sso.example.com', scopes: 'openid profile email', token: 'id' },
    });
    expect(consoleConfigOf({ ...oidcSettings, OIDC_PROVIDER_NAME: 'Keycloak' }).oidc?.providerName).toBe('Keycloak');
  });

  it('is served beside the console without a key, even before the console is built, and never kept stale', async () => {
    const files = new ConsoleFiles(join(tmpdir(), 'quell-no-console-here'), consoleConfigOf(oidcSettings));
    const server = createServer((req, res) => files.serve(req, res, (req.url ?? '/').split('?')[0]));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(files.owns('/config.json') && files.owns('/console/config.json')).toBe(true);
      for (const path of ['/config.json', '/console/config.json']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(res.headers.get('cache-control')).toBe('no-cache');
        expect(await res.json()).toMatchObject({ oidc: { clientId: 'quell-console' } });
      }
    } finally {
      server.close();
    }
  });
});
