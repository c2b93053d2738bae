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

describe('InMemoryStateStore hashes', () => {
  it('sets and deletes fields, and replaces the whole hash when asked', async () => {
    const store = new InMemoryStateStore();
    expect(await store.getHash('h')).toEqual({});
    await store.writeHash('h', { set: { a: '1', b: '2' }, delete: [] });
    await store.writeHash('h', { set: { c: '3' }, delete: ['a'] });
    expect(await store.getHash('h')).toEqual({ b: '2', c: '3' });
    await store.writeHash('h', { replace: true, set: { d: '4' }, delete: [] });
    expect(await store.getHash('h')).toEqual({ d: '4' });
  });
});
