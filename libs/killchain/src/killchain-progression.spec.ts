import { KillChainInput, KillChainRefusal } from './killchain-types';
import { KillChainTracker, type KillChainOptions } from './killchain-tracker';

/** Issue 11's two kill-chain defects: lateness judged per entity, and steps only from distinct alerts. */
const M = 60_000;
const NOW = Date.parse('2026-11-30T10:00:00Z');

function alert(id: string, minutesAgo: number, tactics: string[], host: string, user: string, ruleId = `rule-${id}`): KillChainInput {
  return { tenant: 'acme', alertId: id, ruleId, ruleTitle: `Rule ${ruleId}`, time: NOW - minutesAgo * M, tactics, entities: [{ type: 'host', value: host }, { type: 'user', value: user }] };
}

const tracker = (options: Partial<KillChainOptions> = {}) => new KillChainTracker({ clock: () => NOW, ...options });
const opened = (t: KillChainTracker, input: KillChainInput) => t.process(input).map((r) => `${r.kind}:${r.entity.type}:${r.entity.value}`);

describe('kill-chain lateness is judged per entity', () => {
  it('escalates a chain from five minutes ago on one host sent after a current alert on another (default lateness 60 s)', () => {
    const refused: KillChainRefusal[] = [];
    const t = tracker({ onRefused: (r) => refused.push(r) });
    expect(opened(t, alert('now', 0, ['discovery'], 'ws-a', 'alice'))).toEqual([]);
    expect(opened(t, alert('c1', 5, ['initial-access'], 'ws-b', 'bob'))).toEqual([]);
    expect(opened(t, alert('c2', 4.5, ['execution'], 'ws-b', 'bob'))).toEqual([]);
    expect(opened(t, alert('c3', 4, ['persistence'], 'ws-b', 'bob'))).toEqual(['opened:host:ws-b', 'opened:user:bob']);
    expect(opened(t, alert('c4', 3.5, ['credential-access'], 'ws-b', 'bob'))).toEqual(['updated:host:ws-b', 'updated:user:bob']);
    expect(refused).toEqual([]);
    expect(t.counters().tooLate).toBe(0);
  });

  it('refuses, counts and reports an alert more than the lateness behind its own entity, and only for that entity', () => {
    const refused: KillChainRefusal[] = [];
    const t = tracker({ onRefused: (r) => refused.push(r) });
    t.process(alert('a', 0, ['execution'], 'ws-a', 'alice'));
    // Same user, another host: late for alice (10 min behind her newest alert), on time for ws-b.
    t.process(alert('b', 10, ['persistence'], 'ws-b', 'alice'));
    expect(refused).toEqual([
      { tenant: 'acme', entity: { type: 'user', value: 'alice' }, alertId: 'b', ruleId: 'rule-b', time: NOW - 10 * M, entityLatest: NOW, allowedLatenessMs: 60_000 },
    ]);
    expect(t.counters().tooLate).toBe(1);
    expect(t.snapshot().entities.find((e) => e.value === 'ws-b')?.entries.map((e) => e[2])).toEqual(['b']);
  });

  it('keeps each entity\'s watermark across snapshot and restore, and reads an old snapshot without one', () => {
    const t = tracker();
    t.process(alert('a', 0, ['execution'], 'ws-a', 'alice'));
    t.process(alert('b', 30, ['persistence'], 'ws-b', 'bob'));
    const snapshot = JSON.parse(JSON.stringify(t.snapshot())) as ReturnType<KillChainTracker['snapshot']>;
    const restored = tracker();
    restored.restore(snapshot);
    restored.process(alert('c', 31, ['discovery'], 'ws-b', 'bob'));
    expect(restored.counters().tooLate).toBe(0);
    restored.process(alert('d', 10, ['discovery'], 'ws-a', 'carol'));
    expect(restored.counters().tooLate).toBe(1);

    const old = { ...snapshot, entities: snapshot.entities.map(({ maxTime: _dropped, ...entity }) => entity) };
    const fromOld = tracker();
    fromOld.restore(old);
    fromOld.process(alert('c', 31, ['discovery'], 'ws-b', 'bob'));
    expect(fromOld.counters().tooLate).toBe(0);
  });
});

describe('kill-chain steps come from distinct alerts', () => {
  it('one alert tagged with three tactics (schtasks: execution, persistence, privilege-escalation) does not escalate', () => {
    const t = tracker();
    expect(opened(t, alert('schtasks', 2, ['execution', 'persistence', 'privilege-escalation'], 'ws-a', 'alice'))).toEqual([]);
    // Two more alerts of tactics it already showed still leave two distinct steps at most.
    expect(opened(t, alert('x', 1, ['execution'], 'ws-a', 'alice'))).toEqual([]);
    expect(opened(t, alert('y', 0.5, ['execution'], 'ws-a', 'alice'))).toEqual([]);
    // A third alert of its own tactic makes three distinct steps.
    expect(opened(t, alert('z', 0, ['discovery'], 'ws-a', 'alice'))).toEqual(['opened:host:ws-a', 'opened:user:alice']);
  });

  it('alerts raised on one event (a detection and that event\'s first-seen findings) are one step, also after a restore', () => {
    const onEvent = (id: string, minutesAgo: number, tactic: string, evidenceId: string) => ({ ...alert(id, minutesAgo, [tactic], 'ws-a', 'alice'), evidenceId });
    const t = tracker();
    expect(opened(t, onEvent('schtasks', 3, 'persistence', 'ev-1'))).toEqual([]);
    expect(opened(t, onEvent('first-seen-process', 3, 'execution', 'ev-1'))).toEqual([]);
    const restored = tracker();
    restored.restore(JSON.parse(JSON.stringify(t.snapshot())));
    expect(opened(restored, onEvent('first-seen-user', 3, 'lateral-movement', 'ev-1'))).toEqual([]);
    expect(opened(restored, onEvent('net-view', 1, 'discovery', 'ev-2'))).toEqual([]);
    expect(opened(restored, onEvent('archive', 0, 'collection', 'ev-3'))).toEqual(['opened:host:ws-a', 'opened:user:alice']);
  });

  it('a re-delivered alert never advances a chain twice', () => {
    const t = tracker();
    t.process(alert('a', 3, ['execution', 'persistence'], 'ws-a', 'alice'));
    t.process(alert('b', 2, ['persistence'], 'ws-a', 'alice'));
    expect(opened(t, alert('a', 3, ['execution', 'persistence'], 'ws-a', 'alice'))).toEqual([]);
    expect(opened(t, alert('b', 2, ['persistence'], 'ws-a', 'alice'))).toEqual([]);
    expect(opened(t, alert('c', 1, ['discovery'], 'ws-a', 'alice'))).toEqual(['opened:host:ws-a', 'opened:user:alice']);
    expect(opened(t, alert('c', 1, ['discovery'], 'ws-a', 'alice'))).toEqual([]);
    expect(t.counters().duplicates).toBe(2 * (2 + 1 + 1));
  });

  it('with distinctBy rule, one rule firing three times is one step', () => {
    const byRule = tracker({ distinctBy: 'rule' });
    const byAlert = tracker();
    const inputs = [alert('a1', 3, ['execution'], 'ws-a', 'alice', 'schtasks'), alert('a2', 2, ['persistence'], 'ws-a', 'alice', 'schtasks'), alert('a3', 1, ['privilege-escalation'], 'ws-a', 'alice', 'schtasks')];
    expect(inputs.flatMap((i) => opened(byRule, i))).toEqual([]);
    expect(inputs.flatMap((i) => opened(byAlert, i))).toEqual(['opened:host:ws-a', 'opened:user:alice']);
    expect(opened(byRule, alert('b', 0, ['discovery'], 'ws-a', 'alice', 'net-view'))).toEqual([]);
    expect(opened(byRule, alert('c', 0, ['collection'], 'ws-a', 'alice', 'archive'))).toEqual(['opened:host:ws-a', 'opened:user:alice']);
  });
});

describe('kill chain of a busy entity with alerts out of order', () => {
  const S = 1000;
  const at = (id: string, secondsAfter: number, tactic: string): KillChainInput => ({
    tenant: 'acme', alertId: id, ruleId: `rule-${id}`, ruleTitle: id, time: NOW + secondsAfter * S, tactics: [tactic], entities: [{ type: 'user', value: 'svc' }],
  });

  it('opens on a late alert that completes only a window after it, at that window', () => {
    // A 10 s window: discovery at 0-8 s never sees three tactics; execution at 10 s adds a second.
    const t = tracker({ windowMs: 10 * S });
    for (let s = 0; s <= 8; s += 2) expect(opened(t, at(`d${s}`, s, 'discovery'))).toEqual([]);
    expect(opened(t, at('x10', 10, 'execution'))).toEqual([]);
    // Persistence at 9.5 s, arriving after 10 s: its own window (back to -0.5 s) lacks execution;
    // the window ending at 10 s holds all three.
    const [result] = t.process(at('p9', 9.5, 'persistence'));
    expect(result.kind).toBe('opened');
    expect(result.openedAt).toBe(NOW + 10 * S);
    expect(result.path.map((step) => step.tactic)).toEqual(['discovery', 'persistence', 'execution']);
  });

  it('does not open when every window holding the late alert lacks a tactic once older entries slide out', () => {
    const t = tracker({ windowMs: 10 * S });
    expect(opened(t, at('i0', 0, 'initial-access'))).toEqual([]);
    for (let s = 11; s <= 20; s += 3) expect(opened(t, at(`d${s}`, s, 'discovery'))).toEqual([]);
    // Execution at 10.5 s: its windows reach back to 0.5 s at most, so initial-access never joins.
    expect(opened(t, at('x', 10.5, 'execution'))).toEqual([]);
  });
});
