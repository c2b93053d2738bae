import { InMemoryDedupStore } from './in-memory-dedup-store';
import { describeDedupStore } from './test/dedup-store.contract';

describeDedupStore('in-memory', () => {
  let now = 0;
  return { store: new InMemoryDedupStore(() => now), advance: async (ms) => void (now += ms) };
});
