import { derivedId } from './derived-id';

// Known outputs pinned (checked with `printf 'only' | sha256sum`): if these change, every id on
// a compacted topic or in a store stops matching its replay.
describe('derivedId', () => {
  it.each([
    [['detection', 'acme', 'rule-1', '0190a1b2-0000-7000-8000-000000000001'], 'ec48ffc28df1aae8df36dc6d6d345616'],
    [['acme', 'quell.builtin.failed-authentication', 'host=web-1', 'user=alice'], '79ee915d52deff5db91a08ffd92846dc'],
    [['only'], 'f905b19542ed08c9a9c26543cca32e57'],
    [[], 'e3b0c44298fc1c149afbf4c8996fb924'],
    [['tenant-ü', '日本'], '58691fcfd85bb3e6be4895bbd70b3a26'],
  ])('derivedId(%j) is %s', (parts, expected) => {
    expect(derivedId(...parts)).toBe(expected);
  });

  it('separates parts with NUL, so moving a boundary changes the id', () => {
    expect(derivedId('a', 'b')).toBe('59b271ae1bbcb1d31d41929817f4b16f');
    expect(derivedId('ab')).toBe('fb8e20fc2e4c3f248c60c39bd652f3c1');
  });
});
