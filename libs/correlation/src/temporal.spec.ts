import { engineFor, feed, hit } from './engine.test-util';

// The specification's temporal examples (tests/schema/correlation/temporal*.yml).
const recon = (type: 'temporal' | 'temporal_ordered') => `
title: Recon
id: recon-${type}
correlation:
    type: ${type}
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m
`;
const who = { ComputerName: 'pc1', User: 'alice' };

describe('temporal', () => {
  it('opens when all three rules match in any order within the timespan', () => {
    const results = feed(engineFor(recon('temporal')), [hit('recon_cmd_c', 0, who), hit('recon_cmd_a', 60, who), hit('recon_cmd_a', 90, who), hit('recon_cmd_b', 120, who)]);
    expect(results.map((r) => [r.kind, r.at, r.value, r.count])).toEqual([['opened', 3, 3, 4]]);
  });

  it('includes both edges: the first and last exactly five minutes apart', () => {
    const at = (last: number) => feed(engineFor(recon('temporal')), [hit('recon_cmd_a', 0, who), hit('recon_cmd_b', 100, who), hit('recon_cmd_c', last, who)]);
    expect(at(300)).toHaveLength(1);
    expect(at(300.001)).toEqual([]);
  });

  it('does not combine matches of split groups', () => {
    const results = feed(engineFor(recon('temporal')), [
      hit('recon_cmd_a', 0, who),
      hit('recon_cmd_b', 1, who),
      hit('recon_cmd_c', 2, { ...who, User: 'bob' }),
      hit('recon_cmd_c', 3, { ...who, ComputerName: 'pc2' }),
    ]);
    expect(results).toEqual([]);
  });

  it('does not count a match missing one of the group-by fields', () => {
    const engine = engineFor(recon('temporal'));
    expect(feed(engine, [hit('recon_cmd_a', 0, who), hit('recon_cmd_b', 1, who), hit('recon_cmd_c', 2, { ComputerName: 'pc1' })])).toEqual([]);
    expect(engine.counters().perCorrelation['recon-temporal'].missingGroupBy).toBe(1);
  });

  it('honours an explicit condition on the number of distinct rules', () => {
    const engine = engineFor(recon('temporal').replace('timespan: 5m', 'timespan: 5m\n    condition: { gte: 2 }'));
    expect(feed(engine, [hit('recon_cmd_a', 0, who), hit('recon_cmd_a', 1, who), hit('recon_cmd_c', 2, who)]).map((r) => r.at)).toEqual([2]);
  });

  it('groups by aliases: a field named differently per rule (specification example)', () => {
    const engine = engineFor(`
title: internal error then connection back
id: alias-example
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`);
    expect(engine.correlations.requiredFields({ ruleId: 'uuid-1', ruleName: 'internal_error' }).sort()).toEqual(['destination.ip', 'source.ip']);
    const results = feed(engine, [
      hit('uuid-1', 0, { 'source.ip': '203.0.113.9', 'destination.ip': '10.0.0.5' }, { ruleName: 'internal_error' }),
      hit('uuid-2', 3, { 'source.ip': '10.0.0.6', 'destination.ip': '203.0.113.9' }, { ruleName: 'new_network_connection' }), // another internal host
      hit('uuid-2', 4, { 'source.ip': '10.0.0.5', 'destination.ip': '203.0.113.9' }, { ruleName: 'new_network_connection' }),
    ]);
    expect(results.map((r) => [r.kind, r.at, r.group])).toEqual([['opened', 2, { internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' }]]);
  });
});

describe('temporal_ordered', () => {
  it('opens when the rules match in their listed order', () => {
    const results = feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_a', 0, who), hit('recon_cmd_b', 10, who), hit('recon_cmd_c', 20, who)]);
    expect(results.map((r) => [r.kind, r.at])).toEqual([['opened', 2]]);
  });

  it('does not open for the wrong order', () => {
    expect(feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_c', 0, who), hit('recon_cmd_b', 10, who), hit('recon_cmd_a', 20, who)])).toEqual([]);
    expect(feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_a', 0, who), hit('recon_cmd_c', 10, who), hit('recon_cmd_b', 20, who)])).toEqual([]);
  });

  it('finds the order among other matches', () => {
    const results = feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_b', 0, who), hit('recon_cmd_a', 5, who), hit('recon_cmd_c', 6, who), hit('recon_cmd_b', 7, who), hit('recon_cmd_c', 8, who)]);
    expect(results.map((r) => [r.kind, r.at])).toEqual([['opened', 4]]);
  });

  it('orders by event time, so a late first step still counts', () => {
    const engine = engineFor(recon('temporal_ordered'));
    const results = feed(engine, [hit('recon_cmd_b', 10, who), hit('recon_cmd_c', 20, who), hit('recon_cmd_a', 5, who)]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ kind: 'opened', late: true, openedAt: 20_000 });
  });

  it('keeps arrival order for equal timestamps', () => {
    const inOrder = feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_a', 7, who), hit('recon_cmd_b', 7, who), hit('recon_cmd_c', 7, who)]);
    expect(inOrder).toHaveLength(1);
    const swapped = feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_b', 7, who), hit('recon_cmd_a', 7, who), hit('recon_cmd_c', 7, who)]);
    expect(swapped).toEqual([]);
  });

  it('needs all steps within the timespan, edges included', () => {
    const at = (last: number) => feed(engineFor(recon('temporal_ordered')), [hit('recon_cmd_a', 0, who), hit('recon_cmd_b', 1, who), hit('recon_cmd_c', last, who)]);
    expect(at(300)).toHaveLength(1);
    expect(at(300.001)).toEqual([]);
  });
});
