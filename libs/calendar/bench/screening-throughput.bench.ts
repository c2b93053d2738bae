// Probe: alerts per second through screening (screenAlertVerdict on a ChangeIndex) with 10,000 active
// changes of which 100 recur weekly, beside a pass-through baseline (the same loop, the alert
// copied with its suppression untouched) and a full scan (ChangeList) over the same alerts in the
// same run. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register libs/calendar/bench/screening-throughput.bench.ts [changes] [alerts]
import type { Alert, Change } from '@quell/contracts';
import { ChangeIndex, ChangeList, screenAlertVerdict, type ChangeSource } from '../src';
import { alertOf, changeOf, scopeOf, windowOf } from '../src/test/changes';

const CHANGES = Number(process.argv[2] ?? 10_000);
const ALERTS = Number(process.argv[3] ?? 200_000);
const RECURRING = 100;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-20T00:00:00Z');

// Changes over 2,000 hosts: exact hosts, globs, CIDRs and services, windows spread over a week
// around NOW, so that about a third of the alerts fall in a change.
function changes(): Change[] {
  return Array.from({ length: CHANGES }, (_, i) => {
    const start = NOW - 3 * 24 * HOUR + ((i * 7_919) % (7 * 24)) * HOUR;
    const recurring = i < RECURRING;
    const scopes = [
      scopeOf({ hosts: [`host-${i % 2_000}`] }),
      scopeOf({ hosts: [`host-${i % 2_000}`, `db-${i % 500}`] }),
      scopeOf({ hosts: [`edge-${i % 50}*`] }),
      scopeOf({ ips: [`10.${i % 200}.${i % 250}.0/24`] }),
      scopeOf({ services: [`svc-${i % 300}`] }),
    ];
    return changeOf({
      id: `CHG-${i}`,
      kind: i % 97 === 0 ? 'freeze' : 'normal',
      scope: scopes[i % scopes.length],
      windows: [windowOf(start, start + 2 * HOUR, recurring ? { rrule: 'FREQ=WEEKLY;BYDAY=SU,WE', timeZone: 'Europe/Berlin' } : {})],
    });
  });
}

function alerts(): Alert[] {
  return Array.from({ length: ALERTS }, (_, n) =>
    alertOf({
      id: `a${n}`,
      firstSeen: NOW - 2 * 24 * HOUR + ((n * 104_729) % (5 * 24 * HOUR)),
      entities: [
        { type: 'host', value: n % 3 === 0 ? `edge-${n % 70}-lon` : `host-${n % 2_500}` },
        { type: 'ip', value: `10.${n % 256}.${n % 250}.${n % 254}` },
        { type: 'service', value: `svc-${n % 400}` },
      ],
    }),
  );
}

function run(label: string, inputs: Alert[], screen: (alert: Alert) => Alert): number {
  let suppressed = 0;
  const started = performance.now();
  for (const alert of inputs) if (screen(alert).suppression.state !== 'none') suppressed++;
  const seconds = (performance.now() - started) / 1000;
  const rate = inputs.length / seconds;
  console.log(`${label.padEnd(34)} ${Math.round(rate).toLocaleString('en').padStart(12)} alerts/s  (${suppressed.toLocaleString('en')} suppressed or annotated)`);
  return rate;
}

const calendar = changes();
const inputs = alerts();
let started = performance.now();
const index = new ChangeIndex({ lookbackMs: 24 * HOUR, horizonMs: 14 * 24 * HOUR });
index.rebuild(calendar, NOW);
console.log(`index of ${CHANGES.toLocaleString('en')} changes (${RECURRING} recurring) built in ${Math.round(performance.now() - started)} ms`);
const verdict = (source: ChangeSource) => (alert: Alert) => screenAlertVerdict(alert, source).alert;

// Two rounds each, alternating, so that JIT warm-up and machine noise hit every loop alike.
for (let round = 1; round <= 2; round++) {
  console.log(`round ${round}`);
  const baseline = run('pass-through (copy, no lookup)', inputs, (alert) => ({ ...alert }));
  const indexed = run('screenAlertVerdict on ChangeIndex', inputs, verdict(index));
  console.log(`  index / pass-through: ${(indexed / baseline).toFixed(3)}`);
}
started = performance.now();
const sample = inputs.slice(0, Math.max(1, Math.floor(ALERTS / 1_000)));
run('screenAlertVerdict on full scan', sample, verdict(new ChangeList(calendar)));
console.log(`(full scan over ${sample.length.toLocaleString('en')} alerts only: ${Math.round(performance.now() - started)} ms)`);
