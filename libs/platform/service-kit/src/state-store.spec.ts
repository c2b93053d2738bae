import { InMemoryStateStore } from './state-store';

describe('InMemoryStateStore', () => {
  it('sets once when absent and forgets after the ttl', async () => {
    let now = 0;
    const store = new InMemoryStateStore(() => now);
    expect(await store.setIfAbsent('k', 'a', 100)).toBe(true);
    expect(await store.setIfAbsent('k', 'b', 100)).toBe(false);
    expect(await store.get('k')).toBe('a');
    now = 100;
    expect(await store.get('k')).toBeNull();
    await store.set('p', 'v');
    now = 1e12;
    expect(await store.get('p')).toBe('v');
  });
});
