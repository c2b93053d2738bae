import { InMemoryDedupStore } from './in-memory-dedup-store';
import { describeDedupStore } from './test/dedup-store.contract';

describeDedupStore('in-memory', () => {
  let now = 0;
  return { store: new InMemoryDedupStore(() => now), advance: async (ms) => void (now += ms) };
});

describe('InMemoryDedupStore housekeeping', () => {
  it('forgets expired windows and claims, so memory follows the live ones', async () => {
    let now = 0;
    const store = new InMemoryDedupStore(() => now);
    for (let i = 0; i < 600; i += 1) {
      await store.observe(`fp-${i}`, 'a', i, 100);
      await store.claimOnce(`k-${i}`, 100);
    }
    now = 1000;
    for (let i = 0; i < 1000; i += 1) await store.observe('fresh', 'a', now, 100);
    const sizes = store as unknown as { windows: Map<string, unknown>; claims: Map<string, unknown> };
    expect(sizes.windows.size).toBeLessThanOrEqual(1);
    expect(sizes.claims.size).toBe(0);
  });
});
