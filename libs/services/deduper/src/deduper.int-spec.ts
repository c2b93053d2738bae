import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SimulatedCrash } from '@quell/platform-kafka';
import { createControllableRedis, requireKafkaBrokers, requireRedisUrl, waitFor, type ControllableRedis } from '@quell/platform-testing';
import { DeduperRun, stormAlert } from './test/deduper-run';

const T0 = Date.UTC(2026, 2, 1, 1, 30);

describe('the deduper over the real broker and Redis', () => {
  it('turns 10,000 copies of one alert within its window into one alert with count 10,000, across a crash and restart in the middle', async () => {
    const run = new DeduperRun(requireKafkaBrokers(), requireRedisUrl());
    try {
      await run.prepare();
      // The first deduper dies once, after publishing a batch past the 4,000th alert and before committing it, as a crash would.
      let crashed: () => void = () => undefined;
      const crash = new Promise<void>((resolve) => (crashed = resolve));
      let armed = true;
      await run.start(async ({ lastOffset }) => {
        if (armed && Number(lastOffset) >= 4_000) {
          armed = false;
          crashed();
          throw new SimulatedCrash();
        }
      });
      // All 10,000 inside one window: an hour, and they span 100 s of event time.
      await run.publish(Array.from({ length: 10_000 }, (_, i) => stormAlert(`alert-${i}`, T0 + i * 10)));
      await crash;
      await run.stop();
      await run.start();
      await waitFor(() => (run.highestCount() >= 10_000 ? true : undefined), { description: 'count 10,000 on the unique topic', timeoutMs: 120_000 });

      const published = run.published();
      expect(armed).toBe(false);
      expect(new Set(published.map((alert) => alert.id))).toEqual(new Set(['alert-0']));
      expect(published.at(-1)).toMatchObject({ id: 'alert-0', firstSeen: T0, lastSeen: T0 + 99_990, dedup: { count: 10_000, firstSeen: T0 } });
      // Far fewer records than alerts (one per batch), and the redelivered batch counted once.
      expect(published.length).toBeLessThan(1_000);
      expect(run.highestCount()).toBe(10_000);
      expect(run.deadLetters?.messages).toHaveLength(0);
    } finally {
      await run.close();
    }
  }, 240_000);

  describe('through a Redis outage', () => {
    // A Redis server of this test's own, stopped and started again: the shared one must keep answering.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'quell-dedup-outage-'));
    let server: ControllableRedis;
    beforeAll(async () => {
      server = await createControllableRedis(dataDir, 'aof');
      await server.start();
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('stops consuming and turns unready while Redis is down (nothing passed on, nothing lost), and resumes when it returns', async () => {
      const run = new DeduperRun(requireKafkaBrokers(), server.url);
      try {
        await run.prepare();
        await run.start();
        await run.publish(Array.from({ length: 200 }, (_, i) => stormAlert(`o-${i}`, T0 + i)));
        await waitFor(() => (run.highestCount() === 200 ? true : undefined), { description: 'the first 200 counted', timeoutMs: 60_000 });
        expect(await run.readiness()).toBe(200);

        await server.stop();
        let restarted = false;
        try {
          await run.publish(Array.from({ length: 300 }, (_, i) => stormAlert(`o-${200 + i}`, T0 + 200 + i)));
          await waitFor(async () => ((await run.readiness()) === 503 ? true : undefined), { description: 'the deduper unready', timeoutMs: 30_000, intervalMs: 200 });
          const during = run.published().length;
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          expect(run.published().length).toBe(during);
          expect(run.highestCount()).toBe(200);
          await server.start();
          restarted = true;
        } finally {
          if (!restarted) await server.start();
        }

        await waitFor(() => (run.highestCount() >= 500 ? true : undefined), { description: 'all 500 counted after Redis returned', timeoutMs: 60_000 });
        await waitFor(async () => ((await run.readiness()) === 200 ? true : undefined), { description: 'the deduper ready again', timeoutMs: 30_000 });
        expect(new Set(run.published().map((alert) => alert.id))).toEqual(new Set(['o-0']));
        expect(run.highestCount()).toBe(500);
        expect(run.deadLetters?.messages).toHaveLength(0);
      } finally {
        await run.close();
      }
    }, 180_000);
  });
});
