import type { Alert } from '@quell/contracts';
import { killChainAlertOf, killChainInputOf } from './killchain-alert';
import { KillChainInput } from './killchain-types';
import { KillChainTracker } from './killchain-tracker';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
let wall = 0;
const clock = () => wall;

function alert(id: string, hoursAfter: number, tactics: string[], entities: Array<[string, string]> = [['host', 'ws1']], extra: Partial<KillChainInput> = {}): KillChainInput {
  return { tenant: 'acme', alertId: id, ruleId: `rule-${id}`, ruleTitle: `Rule ${id}`, time: T0 + hoursAfter * H, tactics, entities: entities.map(([type, value]) => ({ type, value })), ...extra };
}

function tracker(options: Partial<ConstructorParameters<typeof KillChainTracker>[0]> = {}): KillChainTracker {
  return new KillChainTracker({ clock, allowedLatenessMs: 2 * H, ...options });
}

const kinds = (results: ReturnType<KillChainTracker['process']>) => results.map((r) => `${r.kind}:${r.entity.type}:${r.entity.value}`);

describe('KillChainTracker', () => {
  beforeEach(() => {
    wall = 1_000;
  });

  it('escalates once the third distinct tactic arrives, listing the path in order', () => {
    const t = tracker();
    expect(t.process(alert('a', 0, ['initial-access']))).toEqual([]);
    expect(t.process(alert('b', 1, ['attack.execution']))).toEqual([]);
    const [result] = t.process(alert('c', 2, ['persistence']));
    expect(result).toMatchObject({ kind: 'opened', tenant: 'acme', entity: { type: 'host', value: 'ws1' }, level: 'high', openedAt: T0 + 2 * H, alertCount: 3, triggeringAlertId: 'c', late: false });
    expect(result.path).toEqual([
      { tactic: 'initial-access', alertId: 'a', ruleId: 'rule-a', ruleTitle: 'Rule a', time: T0 },
      { tactic: 'execution', alertId: 'b', ruleId: 'rule-b', ruleTitle: 'Rule b', time: T0 + H },
      { tactic: 'persistence', alertId: 'c', ruleId: 'rule-c', ruleTitle: 'Rule c', time: T0 + 2 * H },
    ]);
    expect(result.episodeId).toBe(`killchain|acme|host|ws1|${T0 + 2 * H}`);
  });

  it('includes both edges of the window and nothing past them', () => {
    const edge = tracker();
    edge.process(alert('a', 0, ['discovery']));
    edge.process(alert('b', 12, ['collection']));
    expect(kinds(edge.process(alert('c', 24, ['exfiltration'])))).toEqual(['opened:host:ws1']);

    const past = tracker();
    past.process(alert('a', 0, ['discovery']));
    past.process(alert('b', 12, ['collection']));
    expect(past.process({ ...alert('c', 24, ['exfiltration']), time: T0 + 24 * H + 1 })).toEqual([]);
  });

  it('does not count a repeated tactic twice, nor a resent alert', () => {
    const t = tracker();
    t.process(alert('a', 0, ['execution']));
    t.process(alert('b', 1, ['execution']));
    expect(t.process(alert('c', 2, ['execution', 'Execution']))).toEqual([]);
    expect(t.process(alert('d', 3, ['discovery']))).toEqual([]);
    expect(t.process(alert('d', 3, ['discovery']))).toEqual([]);
    expect(t.counters().duplicates).toBe(1);
    expect(kinds(t.process(alert('e', 4, ['impact'])))).toEqual(['opened:host:ws1']);
  });

  it('counts an out-of-order alert within the allowed lateness at its own time', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('c', 3, ['persistence']));
    const [result] = t.process(alert('b', 2, ['execution']));
    expect(result).toMatchObject({ kind: 'opened', late: true, openedAt: T0 + 3 * H });
    expect(result.path.map((s) => s.tactic)).toEqual(['initial-access', 'execution', 'persistence']);
    expect(t.counters().late).toBe(1);
  });

  it('ignores an alert later than the allowed lateness', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('c', 5, ['persistence']));
    expect(t.process(alert('b', 2, ['execution']))).toEqual([]);
    expect(t.counters().tooLate).toBe(1);
    // The refused alert left nothing behind: the path holds only the three that counted.
    expect(t.process(alert('d', 5, ['impact']))[0].path.map((s) => s.alertId)).toEqual(['a', 'c', 'd']);
  });

  it('keeps entities apart, hosts and users tracked separately', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access'], [['host', 'ws1'], ['user', 'alice']]));
    t.process(alert('b', 1, ['execution'], [['host', 'ws2'], ['user', 'alice']]));
    const results = t.process(alert('c', 2, ['persistence'], [['host', 'ws1'], ['user', 'alice'], ['ip', '10.0.0.1']]));
    expect(kinds(results)).toEqual(['opened:user:alice']);
    expect(t.process(alert('d', 3, ['persistence'], [['host', 'ws2']]))).toEqual([]);
    expect(t.process(alert('a', 0, ['initial-access'], [['host', 'ws1']], { tenant: 'other' }))).toEqual([]);
  });

  it('raises one opened result per episode, then updates while it holds', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('b', 1, ['execution']));
    const opened = t.process(alert('c', 2, ['persistence']));
    const repeat = t.process(alert('d', 3, ['execution']));
    const further = t.process(alert('e', 4, ['credential-access']));
    expect(kinds([...opened, ...repeat, ...further])).toEqual(['opened:host:ws1', 'updated:host:ws1', 'updated:host:ws1']);
    expect(new Set([opened[0].episodeId, repeat[0].episodeId, further[0].episodeId]).size).toBe(1);
    expect(further[0].path.map((s) => `${s.tactic}:${s.alertId}`)).toEqual(['initial-access:a', 'execution:b', 'persistence:c', 'credential-access:e']);
    expect(further[0].alertCount).toBe(5);
    expect(new Set([opened, repeat, further].map((r) => killChainAlertOf(r[0]).id)).size).toBe(1);
  });

  it('becomes critical at threshold + 2 tactics or with a critical alert', () => {
    const t = tracker();
    ['initial-access', 'execution', 'persistence', 'privilege-escalation'].forEach((tactic, i) => t.process(alert(`a${i}`, i, [tactic])));
    expect(t.process(alert('x', 5, ['impact']))[0].level).toBe('critical');
    const c = tracker();
    c.process(alert('a', 0, ['initial-access']));
    c.process(alert('b', 1, ['execution'], undefined, { level: 'critical' }));
    expect(c.process(alert('c', 2, ['persistence']))[0].level).toBe('critical');
  });

  it('ends the episode after a whole window without the condition, and opens a new one after', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('b', 1, ['execution']));
    const first = t.process(alert('c', 2, ['persistence']))[0];
    // Held last at +2 h; +26 h is exactly one window later: still the same episode.
    t.process(alert('d', 25, ['discovery']));
    t.process(alert('e', 25.5, ['collection']));
    const same = t.process(alert('f', 26, ['exfiltration']))[0];
    expect(same).toMatchObject({ kind: 'updated', episodeId: first.episodeId });
    // Quiet for more than a window after the last holding time (+26 h).
    t.process(alert('g', 60, ['discovery']));
    t.process(alert('h', 61, ['lateral-movement']));
    const next = t.process(alert('i', 62, ['impact']))[0];
    expect(next.kind).toBe('opened');
    expect(next.episodeId).not.toBe(first.episodeId);
    expect(next.path.map((s) => s.alertId)).toEqual(['g', 'h', 'i']);
  });

  it('continues after snapshot and restore as if it never stopped', () => {
    const before = tracker();
    before.process(alert('a', 0, ['initial-access']));
    before.process(alert('b', 1, ['execution']));
    const snapshot = JSON.parse(JSON.stringify(before.snapshot()));
    const after = tracker();
    expect(after.restore(snapshot)).toEqual({ restored: 1, droppedEpisodes: 0 });
    const [opened] = after.process(alert('c', 2, ['persistence']));
    expect(opened.kind).toBe('opened');
    expect(opened.path.map((s) => s.alertId)).toEqual(['a', 'b', 'c']);

    const again = tracker();
    again.restore(JSON.parse(JSON.stringify(after.snapshot())));
    expect(again.process(alert('d', 3, ['discovery']))[0]).toMatchObject({ kind: 'updated', episodeId: opened.episodeId });
    // The watermark survives too: an alert too late before the restart is too late after it.
    expect(again.process(alert('z', 0, ['impact']))).toEqual([]);
  });

  it('drops restored episodes when the condition changed, keeping the entries', () => {
    const before = tracker();
    ['initial-access', 'execution', 'persistence'].forEach((tactic, i) => before.process(alert(`a${i}`, i, [tactic])));
    const after = tracker({ threshold: 4 });
    expect(after.restore(before.snapshot())).toEqual({ restored: 1, droppedEpisodes: 1 });
    expect(kinds(after.process(alert('d', 3, ['discovery'])))).toEqual(['opened:host:ws1']);
  });

  it('bounds entries per entity and evicts entities no alert can affect or idle ones', () => {
    const t = tracker({ maxEntriesPerEntity: 5 });
    for (let i = 0; i < 20; i++) t.process(alert(`x${i}`, i * 0.01, ['execution']));
    expect(t.snapshot().entities[0].entries).toHaveLength(5);
    expect(t.counters().droppedByCap).toBe(15);

    const e = tracker();
    e.process(alert('a', 0, ['execution'], [['host', 'old']]));
    // Another host far ahead in event time does not age the first one out.
    e.process(alert('b', 100, ['execution'], [['host', 'new']]));
    expect(e.evictIdle()).toBe(0);
    // Untouched by the wall clock for longer than a window and the lateness (24 h + 2 h): dropped.
    wall += 26 * H + 1;
    e.process(alert('c', 101, ['execution'], [['host', 'new']]));
    expect(e.evictIdle()).toBe(1);
    expect(e.activeEntities).toBe(1);
    wall += 10_000;
    expect(e.evictIdle({ idleMs: 5_000 })).toBe(1);
    expect(e.activeEntities).toBe(0);
  });

  it('ignores names that are not tactics and alerts without tactics', () => {
    const t = tracker();
    expect(t.process(alert('a', 0, ['t1059', 'attack.t1003']))).toEqual([]);
    expect(t.counters().unknownTactics).toBe(2);
    expect(t.activeEntities).toBe(0);
  });
});

describe('kill-chain alerts', () => {
  const base: Alert = {
    id: 'al-1', tenant: 'acme', rule: { id: 'sigma-1', title: 'LSASS dump', version: null, level: 'high', author: 'x', tags: [] }, kind: 'detection',
    entities: [{ type: 'host', value: 'ws1' }], fingerprint: 'f', firstSeen: T0, lastSeen: T0 + 5, eventCount: 1, sampleEventIds: [], tactics: ['credential-access'], techniques: [],
    killChainPhase: null, explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };

  it('reads an alert as input at its first-seen time, and ignores its own escalations', () => {
    expect(killChainInputOf(base)).toMatchObject({ alertId: 'al-1', time: T0, tactics: ['credential-access'], ruleTitle: 'LSASS dump', level: 'high' });
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('b', 1, ['execution']));
    const escalation = killChainAlertOf(t.process(alert('c', 2, ['persistence']))[0]);
    expect(killChainInputOf(escalation)).toBeUndefined();
  });

  it('builds the escalated alert with the path, the latest tactic and an explanation', () => {
    const t = tracker();
    t.process(alert('a', 0, ['initial-access']));
    t.process(alert('b', 1, ['execution']));
    const result = t.process(alert('c', 2, ['persistence']))[0];
    const escalation = killChainAlertOf(result);
    expect(escalation).toMatchObject({
      tenant: 'acme',
      kind: 'correlation',
      rule: { id: 'quell.killchain.host', title: 'Kill-chain progression on host ws1', level: 'high', tags: ['attack.initial-access', 'attack.execution', 'attack.persistence'] },
      entities: [{ type: 'host', value: 'ws1' }],
      firstSeen: T0,
      lastSeen: T0 + 2 * H,
      eventCount: 3,
      sampleEventIds: ['a', 'b', 'c'],
      tactics: ['initial-access', 'execution', 'persistence'],
      killChainPhase: 'persistence',
    });
    expect(escalation.explanation).toBe(
      'host ws1 reached 3 ATT&CK tactics within 24h (threshold 3): initial-access (Rule a, 2026-11-01T00:00:00.000Z) → execution (Rule b, 2026-11-01T01:00:00.000Z) → persistence (Rule c, 2026-11-01T02:00:00.000Z)',
    );
    expect(escalation.details['killchain.path']).toBe('initial-access@2026-11-01T00:00:00.000Z:a,execution@2026-11-01T01:00:00.000Z:b,persistence@2026-11-01T02:00:00.000Z:c');
    expect(escalation.fingerprint).toBe(killChainAlertOf({ ...result, episodeId: 'another' }).fingerprint);
  });
});
