import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@quell/platform-config';
import type { Logger } from '@quell/platform-observability';
import { waitFor } from '@quell/platform-testing';
import type { NotifierConfig } from '../config';
import { RoutingSource } from './routing-source';

describe('RoutingSource', () => {
  let dir: string;
  const logged: string[] = [];
  const logger = { info: (_o: object, msg: string) => logged.push(msg), warn: () => undefined, error: (_o: object, msg: string) => logged.push(msg) } as unknown as Logger;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'routing-source-'));
    logged.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad file at start as a ConfigError naming NOTIFY_ROUTES_FILE and the file\'s line', async () => {
    const path = join(dir, 'routes.yaml');
    writeFileSync(path, 'version: 1\nchannels: {}\nroutes:\n  - name: x\n    to: nowhere\n');
    const started = RoutingSource.start({ NOTIFY_ROUTES_FILE: path } as NotifierConfig, logger);
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/NOTIFY_ROUTES_FILE: .*routes\.yaml:5: routes\.0\.to: no channel named "nowhere"/s);
  });

  it('logs a loaded and a refused routing file in words a reader can follow (no "routing file file")', async () => {
    const path = join(dir, 'routes.yaml');
    writeFileSync(path, 'version: 1\nchannels: {}\n');
    const source = await RoutingSource.start({ NOTIFY_ROUTES_FILE: path } as NotifierConfig, logger);
    try {
      writeFileSync(path, 'version: 2\nchannels: {}\n');
      await waitFor(() => (logged.length > 1 ? true : undefined), { timeoutMs: 10_000, description: 'the bad edit logged' });
      expect(logged).toEqual(['routing rules loaded', 'routing rules file rejected; the last good version stays in force']);
    } finally {
      source.stop();
    }
  });
});
