import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { IntelModule, WATCHLIST_SOURCE } from './intel.module';
import { StaticWatchlistSource, WatchlistDirectory, type WatchlistSource } from './watchlist-directory';

describe('IntelModule', () => {
  it('provides the watchlists of a directory, loaded before the app starts, and stops watching at shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-intel-module-'));
    try {
      writeFileSync(join(dir, 'admin_users.csv'), 'user\nalice\n');
      const moduleRef = await Test.createTestingModule({ imports: [IntelModule.forRoot({ dir, pollIntervalMs: 0 })] }).compile();
      moduleRef.enableShutdownHooks();
      const source = moduleRef.get<WatchlistSource>(WATCHLIST_SOURCE);
      expect(source).toBeInstanceOf(WatchlistDirectory);
      expect(source.current().lookupUser('Alice')[0]).toMatchObject({ list: 'admin_users' });
      const stop = jest.spyOn(source as WatchlistDirectory, 'stop');
      await moduleRef.close();
      expect(stop).toHaveBeenCalled();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provides an empty index without a directory', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [IntelModule.forRoot({})] }).compile();
    const source = moduleRef.get<WatchlistSource>(WATCHLIST_SOURCE);
    expect(source).toBeInstanceOf(StaticWatchlistSource);
    expect(source.current().size).toBe(0);
    await moduleRef.close();
  });
});
