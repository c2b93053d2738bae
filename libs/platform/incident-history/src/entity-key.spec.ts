import { entityKey, entityOfKey } from './entity-key';

describe('entity keys', () => {
  it('round-trips an entity, a value holding colons included', () => {
    for (const entity of [{ type: 'host', value: 'web-1' }, { type: 'ip', value: '2001:db8::1' }, { type: 'user', value: '' }]) {
      expect(entityOfKey(entityKey(entity))).toEqual(entity);
    }
    expect(entityKey({ type: 'ip', value: '2001:db8::1' })).toBe('ip:2001:db8::1');
  });
});
