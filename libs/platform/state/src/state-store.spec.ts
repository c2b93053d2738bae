import { InMemoryStateStore, REVISION_FIELD, StaleStateError } from './state-store';

describe('InMemoryStateStore', () => {
  it('keeps the last value set for a key', async () => {
    const store = new InMemoryStateStore();
    expect(await store.get('k')).toBeNull();
    await store.set('k', 'a');
    await store.set('k', 'b');
    expect(await store.get('k')).toBe('b');
  });
});

describe('InMemoryStateStore hashes', () => {
  it('sets and deletes fields, and replaces the whole hash when asked', async () => {
    const store = new InMemoryStateStore();
    expect(await store.getHash('h')).toEqual({ fields: {}, revision: 0 });
    await store.writeHash('h', { set: { a: '1', b: '2' }, delete: [] });
    await store.writeHash('h', { set: { c: '3' }, delete: ['a'] });
    expect((await store.getHash('h')).fields).toEqual({ b: '2', c: '3' });
    await store.writeHash('h', { replace: true, set: { d: '4' }, delete: [] });
    expect(await store.getHash('h')).toEqual({ fields: { d: '4' }, revision: 3 });
  });

  it('fences: of two writers that read the same revision, the second fails and applies nothing', async () => {
    const store = new InMemoryStateStore();
    await store.writeHash('h', { set: { a: '1', b: '1' }, delete: [] });
    const { revision } = await store.getHash('h');
    expect(await store.writeHash('h', { set: { a: '2' }, delete: [], ifRevision: revision })).toBe(revision + 1);
    const stale = store.writeHash('h', { replace: true, set: { a: '3', c: '3' }, delete: ['b'], ifRevision: revision });
    await expect(stale).rejects.toThrow(StaleStateError);
    await expect(stale).rejects.toMatchObject({ key: 'h', expectedRevision: revision, actualRevision: revision + 1, retriable: true });
    expect(await store.getHash('h')).toEqual({ fields: { a: '2', b: '1' }, revision: revision + 1 });
    // The writer that won goes on from the revision it wrote.
    expect(await store.writeHash('h', { set: {}, delete: ['b'], ifRevision: revision + 1 })).toBe(revision + 2);
  });

  it('takes a hash never written as revision 0, and keeps the revision when no field is left', async () => {
    const store = new InMemoryStateStore();
    await store.writeHash('h', { set: { a: '1' }, delete: [], ifRevision: 0 });
    await store.writeHash('h', { set: {}, delete: ['a'], ifRevision: 1 });
    expect(await store.getHash('h')).toEqual({ fields: {}, revision: 2 });
    await expect(store.writeHash('h', { set: { a: '1' }, delete: [], ifRevision: 0 })).rejects.toThrow(StaleStateError);
  });

  it('refuses the reserved revision field', async () => {
    const store = new InMemoryStateStore();
    await expect(store.writeHash('h', { set: { [REVISION_FIELD]: '9' }, delete: [] })).rejects.toThrow(/reserved/);
  });
});
