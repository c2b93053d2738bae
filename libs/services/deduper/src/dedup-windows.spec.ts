import { InMemoryDocumentStore } from '@quell/platform-state';
import { describeDedupWindows } from './test/dedup-windows.contract';

describeDedupWindows('in-memory', () => {
  let now = 0;
  const store = new InMemoryDocumentStore(() => now);
  return { store, rival: store, advance: async (ms) => void (now += ms) };
});
