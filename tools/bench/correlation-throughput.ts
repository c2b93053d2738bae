// Probe: matches per second through the correlation engine with 100,000 active groups, and heap
// per active group, each beside a baseline loop over the same matches that only bumps a Map
// counter per group, measured in the same run so the figures travel between machines.
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/correlation-throughput.ts [groups] [rounds]
import { CorrelationEngine, CorrelationSet, parseCorrelationRule, type RuleMatch } from '@quell/correlation';

const GROUPS = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 10);
// One match per millisecond of event time: each group sees a match every GROUPS ms, so a
// 5-minute window holds about 300000 / GROUPS matches per group (3 at 100,000 groups).
const users = Array.from({ length: GROUPS }, (_, i) => `user-${i}`);
const rules = ['rule-a', 'rule-b'];

function correlation(type: string, condition: Record<string, number | string> | undefined): CorrelationSet {
  const section = { type, rules, 'group-by': ['User'], timespan: '5m', ...(condition ? { condition } : {}) };
  return new CorrelationSet([parseCorrelationRule({ title: type, id: type, correlation: section })]);
}

function match(n: number): RuleMatch {
  return { ruleId: rules[Math.floor(n / GROUPS) % 2], time: n, matchId: `m${n}`, fields: { User: users[n % GROUPS], Bytes: n % 1500 } };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

/** Runs `rounds` passes over all groups through `step`; returns matches per second. */
function run(step: (m: RuleMatch) => number, from: number, rounds: number): { perSecond: number; emitted: number } {
  let emitted = 0;
  const total = GROUPS * rounds;
  const started = process.hrtime.bigint();
  for (let n = from; n < from + total; n++) emitted += step(match(n));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: total / seconds, emitted };
}

function measure(label: string, make: () => { step: (m: RuleMatch) => number; groups: () => number }): void {
  gc();
  const before = process.memoryUsage().heapUsed;
  const subject = make();
  run(subject.step, 0, 3); // warm-up: every group active, windows at their steady size
  gc();
  const perGroup = (process.memoryUsage().heapUsed - before) / subject.groups();
  const { perSecond, emitted } = run(subject.step, GROUPS * 3, ROUNDS);
  console.log(
    `${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en').padStart(11)} matches/s   ${Math.round(perGroup).toString().padStart(5)} B/group   ${subject.groups().toLocaleString('en')} groups   ${emitted.toLocaleString('en')} results`,
  );
}

function engine(type: string, condition?: Record<string, number>, field?: string): () => { step: (m: RuleMatch) => number; groups: () => number } {
  return () => {
    const subject = new CorrelationEngine(correlation(type, condition && field ? { ...condition, field } : condition), { clock: Date.now });
    return { step: (m) => subject.process(m).length, groups: () => subject.activeGroups };
  };
}

console.log(`node ${process.version}, ${GROUPS.toLocaleString('en')} groups, ${(GROUPS * ROUNDS).toLocaleString('en')} timed matches, timespan 5m`);
measure('baseline: Map counter per group', () => {
  const counts = new Map<string, number>();
  return {
    step: (m) => {
      const key = JSON.stringify([String(m.fields.User)]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return 0;
    },
    groups: () => counts.size,
  };
});
measure('event_count gte 1000 (never holds)', engine('event_count', { gte: 1000 }));
measure('event_count gte 3 (holds: opened/updated)', engine('event_count', { gte: 3 }));
measure('value_sum gt 1e12 (field Bytes)', engine('value_sum', { gt: 1e12 }, 'Bytes'));
measure('temporal_ordered [rule-a, rule-b]', engine('temporal_ordered'));
