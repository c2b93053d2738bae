// Probe: events per second through Sigma detection matching with 10, 100 and 1,000 SigmaHQ rules
// loaded (and all of them), for the plain loop over every rule (the baseline, measured in the same
// run) and for DetectionRuleSet's index (log-source routing plus required words and substrings);
// and the heap the compiled rules and the index take. Rules are an even sample of the corpus in
// file order; events are the SigmaHQ regression logs and the OTRF LSASS-dump recording, normalized.
// Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/rule-matching-throughput.ts [seconds per figure]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Event } from '@quell/contracts';
import { DetectionRuleSet, loadSigmaRules, type SigmaDetectionRule } from '@quell/rules';
import { CORPORA, otrfEvents, regressionEvents } from '../../libs/rules/src/sigma/rule-index-corpus.test-util';

const SECONDS = Number(process.argv[2] ?? 2);
const SIGMA = join(CORPORA, 'sigma');

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? ruleFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

function heapDelta<T>(make: () => T): { value: T; bytes: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  gc();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

/** Passes over all events for about SECONDS; events per second and matches per pass. */
function throughput(set: DetectionRuleSet, events: readonly Event[]): { perSecond: number; matches: number } {
  let matches = 0;
  for (const event of events) matches += set.match(event).length; // warm-up; builds routes
  let done = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < SECONDS) {
    for (const event of events) set.match(event);
    done += events.length;
    elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  }
  return { perSecond: done / elapsed, matches };
}

const files = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].flatMap((set) => ruleFiles(join(SIGMA, set)));
const events = [...regressionEvents(), ...otrfEvents()];
const allRules = files.length;
const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

console.log(`node ${process.version}, ${events.length} events (SigmaHQ regression + OTRF), ${allRules} rule files, ~${SECONDS}s per figure`);
console.log(
  ['rules', 'plain loop ev/s', 'indexed ev/s', 'speed-up', 'plain µs/ev', 'indexed µs/ev', 'rules heap', 'index heap', 'matches/pass'].map((h, i) => (i === 0 ? h.padEnd(6) : h.padStart(i < 6 ? 15 : 12))).join(' '),
);
for (const count of [10, 100, 1000, allRules]) {
  // An even sample across the corpus keeps each size's mix of log sources close to the whole.
  const sample = Array.from({ length: count }, (_, i) => files[Math.floor((i * files.length) / count)]);
  const loaded = heapDelta(() =>
    sample.flatMap((file) => loadSigmaRules(readFileSync(file, 'utf8'), relative(SIGMA, file)).rules.filter((r): r is SigmaDetectionRule => r.kind === 'detection')),
  );
  const rules = loaded.value;
  const plain = throughput(new DetectionRuleSet(rules, { indexed: false }), events);
  const index = heapDelta(() => {
    const set = new DetectionRuleSet(rules);
    for (const event of events) set.match(event);
    return set;
  });
  const indexed = throughput(index.value, events);
  if (indexed.matches !== plain.matches) throw new Error(`indexed set matched ${indexed.matches}, plain loop ${plain.matches}`);
  console.log(
    [
      String(rules.length).padEnd(6),
      Math.round(plain.perSecond).toLocaleString('en').padStart(15),
      Math.round(indexed.perSecond).toLocaleString('en').padStart(15),
      `${(indexed.perSecond / plain.perSecond).toFixed(1)}x`.padStart(15),
      (1e6 / plain.perSecond).toFixed(1).padStart(15),
      (1e6 / indexed.perSecond).toFixed(1).padStart(15),
      kb(loaded.bytes).padStart(12),
      kb(index.bytes).padStart(12),
      String(plain.matches).padStart(12),
    ].join(' '),
  );
}
