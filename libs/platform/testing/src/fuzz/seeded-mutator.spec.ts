import { fuzzSeed, SeededMutator } from './seeded-mutator';

describe('SeededMutator', () => {
  it('replays the same mutations from the same seed, and others from another', () => {
    const run = (seed: number) => {
      const mutator = new SeededMutator(seed);
      return Array.from({ length: 50 }, () => [mutator.mutate('{"message":"hello","n":[1,2,3]}').toString('base64'), mutator.describe()]);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('changes its input, within the size cap, and names what it did', () => {
    const mutator = new SeededMutator(1, { maxBytes: 4096 });
    const outputs = Array.from({ length: 200 }, () => mutator.mutate('{"a":1}'));
    expect(outputs.every((out) => out.length <= 4096)).toBe(true);
    expect(outputs.filter((out) => out.toString() !== '{"a":1}').length).toBeGreaterThan(150);
    expect(mutator.describe()).toMatch(/^\w+(\(.*\))?@\d+/);
  });

  it('takes FUZZ_SEED to replay a printed seed', () => {
    expect(fuzzSeed(42, {})).toBe(42);
    expect(fuzzSeed(42, { FUZZ_SEED: '1234' })).toBe(1234);
  });
});
