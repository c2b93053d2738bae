import { engineFor, feed, hit } from './engine.test-util';

const rule = (type: string, condition: string, groupBy = '[SourceIP, User]', timespan = '1h') => `
title: ${type}
id: ${type}
correlation:
    type: ${type}
    rules: [r]
    group-by: ${groupBy}
    timespan: ${timespan}
    condition: ${condition}
`;

describe('value_count', () => {
  // The specification's example: failed logons with many distinct users per source and destination.
  const FAILED_LOGIN = `
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100
`;

  it('opens at the 100th distinct user of the specification example, not at repeats', () => {
    const engine = engineFor(FAILED_LOGIN);
    const group = { ComputerName: 'dc1', WorkstationName: 'ws1' };
    const repeats = Array.from({ length: 150 }, (_, i) => hit('5638f7c0-ac70-491d-8465-2a65075e0d86', i, { ...group, User: `u${i % 99}` }));
    expect(feed(engine, repeats)).toEqual([]);
    const [result] = feed(engine, [hit('5638f7c0-ac70-491d-8465-2a65075e0d86', 200, { ...group, User: 'new' })]);
    expect(result).toMatchObject({ kind: 'opened', value: 100, group });
  });

  it('counts distinct tuples when the field is a list', () => {
    const engine = engineFor(rule('value_count', '{ field: [User, Domain], gte: 3 }', '[Host]'));
    const results = feed(engine, [
      hit('r', 0, { Host: 'h', User: 'a', Domain: 'x' }),
      hit('r', 1, { Host: 'h', User: 'a', Domain: 'y' }),
      hit('r', 2, { Host: 'h', User: 'a', Domain: 'x' }),
      hit('r', 3, { Host: 'h', User: 'b', Domain: 'x' }),
    ]);
    expect(results.map((r) => [r.kind, r.at, r.value])).toEqual([['opened', 3, 3]]);
  });

  it('does not count a match without the field', () => {
    const engine = engineFor(rule('value_count', '{ field: User, gte: 1 }', '[Host]'));
    expect(feed(engine, [hit('r', 0, { Host: 'h' })])).toEqual([]);
    expect(engine.counters().perCorrelation.value_count.missingValue).toBe(1);
  });
});

describe('value_sum', () => {
  it('opens when the sum of bytes_sent passes 1,000,000 (specification example), numeric strings included', () => {
    const engine = engineFor(rule('value_sum', '{ field: bytes_sent, gt: 1000000 }'));
    const who = { SourceIP: '10.0.0.1', User: 'bob' };
    const results = feed(engine, [
      hit('r', 0, { ...who, bytes_sent: 600_000 }),
      hit('r', 60, { ...who, bytes_sent: '400000' }),
      hit('r', 120, { ...who, bytes_sent: 1 }),
    ]);
    expect(results.map((r) => [r.kind, r.at, r.value])).toEqual([['opened', 2, 1_000_001]]);
  });

  it('drops the oldest value when it leaves the window', () => {
    const engine = engineFor(rule('value_sum', '{ field: b, gte: 10 }', '[User]', '10s'));
    const results = feed(engine, [hit('r', 0, { User: 'a', b: 6 }), hit('r', 10, { User: 'a', b: 4 }), hit('r', 20.5, { User: 'a', b: 5 })]);
    expect(results.map((r) => [r.at, r.value])).toEqual([[1, 10]]);
  });

  it('does not count a non-numeric value', () => {
    const engine = engineFor(rule('value_sum', '{ field: b, gte: 1 }', '[User]'));
    expect(feed(engine, [hit('r', 0, { User: 'a', b: 'lots' }), hit('r', 1, { User: 'a', b: '' })])).toEqual([]);
    expect(engine.counters().perCorrelation.value_sum.missingValue).toBe(2);
  });
});

describe('value_avg', () => {
  it('holds while the mean BytesOut is above 500 (specification example)', () => {
    const engine = engineFor(rule('value_avg', '{ field: BytesOut, gt: 500 }', '[SourceIP, User]', '24h'));
    const who = { SourceIP: '10.0.0.1', User: 'bob' };
    const results = feed(engine, [
      hit('r', 0, { ...who, BytesOut: 400 }),
      hit('r', 1, { ...who, BytesOut: 700 }), // mean 550: opened
      hit('r', 2, { ...who, BytesOut: 100 }), // mean 400: no result
      hit('r', 3, { ...who, BytesOut: 1800 }), // mean 750: same episode
    ]);
    expect(results.map((r) => [r.kind, r.at, r.value])).toEqual([
      ['opened', 1, 550],
      ['updated', 3, 750],
    ]);
  });
});

describe('value_percentile', () => {
  // The specification's example: a process name that makes up at most 1% of a computer's processes.
  const RARE_PROCESS = `
title: A computer spawned a processes name in the last 24h than 1% of all the processes.
id: rare-process
correlation:
    type: value_percentile
    rules:
        - process_creation
    group-by:
        - ComputerName
    timespan: 24h
    condition:
        field: Image
        lte: 1
`;

  it('holds for a value seen in at most 1% of the window, not for a common one', () => {
    const engine = engineFor(RARE_PROCESS);
    const common = Array.from({ length: 99 }, (_, i) => hit('process_creation', i, { ComputerName: 'pc', Image: 'C:\\Windows\\explorer.exe' }));
    expect(feed(engine, common)).toEqual([]);
    // 1 of 100: exactly 1%, the bound included.
    const [rare] = feed(engine, [hit('process_creation', 100, { ComputerName: 'pc', Image: 'C:\\Users\\x\\evil.exe' })]);
    expect(rare).toMatchObject({ kind: 'opened', value: 1 });
    expect(feed(engine, [hit('process_creation', 101, { ComputerName: 'pc', Image: 'C:\\Windows\\explorer.exe' })])).toEqual([]);
  });

  it('does not hold for the first sighting in an empty window (100% of it)', () => {
    const engine = engineFor(RARE_PROCESS);
    expect(feed(engine, [hit('process_creation', 0, { ComputerName: 'pc', Image: 'evil.exe' })])).toEqual([]);
  });
});

describe('ranges and comparisons', () => {
  const countRule = (condition: string) => rule('event_count', condition, '[User]', '1m');
  const series = (n: number) => Array.from({ length: n }, (_, i) => hit('r', i, { User: 'a' }));

  it.each([
    ['{ gt: 2, lte: 3 }', [['opened', 2]]],
    ['{ gte: 2, lt: 4 }', [['opened', 1], ['updated', 2]]],
    ['{ eq: 3 }', [['opened', 2]]],
    ['{ neq: 1, lte: 3 }', [['opened', 1], ['updated', 2]]],
    ['{ lt: 3 }', [['opened', 0], ['updated', 1]]],
  ])('condition %s over five matches', (condition, expected) => {
    const results = feed(engineFor(countRule(condition)), series(5));
    expect(results.map((r) => [r.kind, r.at])).toEqual(expected);
  });
});
