// `npm run bench -- --profile`: the all-in-one under node --cpu-prof, the profile cut to its
// sustained phase (start-up, rule loading and calibration left out), as the top functions by self
// time and each module's share, per thread.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, probeRate, withAllInOne } from './all-in-one-bench';
import type { BenchOptions } from './bench-options';
import { formatSummary, monotonicMicros, readProfiles, summarize } from './cpu-profile';
import { calibrate, phaseStream, runPhase, type PhaseResult } from './phase';
import { threadCpuBetween, threadCpuSeconds } from './process-meter';
import { fmt, phaseRow, PHASE_HEADER, table } from './report';
import type { Template } from './traffic-mix';
import type { WebhookSink } from './webhook-sink';

export async function profileAllInOne(options: BenchOptions, sink: WebhookSink, webhookUrl: string, templates: readonly Template[]): Promise<void> {
  let profileDir = '';
  const window = { from: 0, to: 0 };
  let threads: { name: string; seconds: number; threads: number }[] = [];
  const result: PhaseResult = await withAllInOne(
    options,
    sink,
    webhookUrl,
    options.rules,
    async (target, _correlatorUrl, dir) => {
      profileDir = join(dir, 'profile');
      const calibration = await calibrate(target, templates, 'prof-cal', options.quick ? 2000 : 3000);
      const rate = await probeRate(target, options, calibration, 'prof-p');
      const events = options.events ?? Math.max(2000, Math.round(rate * options.seconds));
      log(`profiling the sustained phase: ${events} events`);
      const pid = target.pids()[0];
      const before = threadCpuSeconds(pid);
      window.from = monotonicMicros();
      const phase = await runPhase(target, {
        label: `sustained, unpaced, ${100 / options.profileAlertEvery}% alerts (profiled)`,
        clients: options.clients,
        idleMs: options.idleMs,
        events,
        stream: phaseStream(calibration, options.profileAlertEvery, options.batchSize, 'prof-s'),
      });
      window.to = monotonicMicros();
      threads = threadCpuBetween(pid, before, threadCpuSeconds(pid));
      return phase;
    },
    { nodeArgs: (dir) => ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profile')}`] },
  );
  console.log(`\n== all-in-one under --cpu-prof, ${options.rules} SigmaHQ rules + 10 correlations (the profiler itself costs a few %)`);
  console.log(table(PHASE_HEADER, [phaseRow(result.label, result)]));
  // Per thread from /proc, not the profiler: ClickHouse's own threads never show in a JS profile.
  console.log(`\nCPU by thread over the phase (/proc/<pid>/task), CPU s per 1,000 events`);
  console.log(
    table(
      ['thread', 'threads', 'CPU s', 'CPU s/1k ev'],
      threads.filter((t) => t.seconds > 0).map((t) => [t.name, String(t.threads), t.seconds.toFixed(2), fmt((t.seconds / result.events) * 1000, 3)]),
    ),
  );
  const profiles = readProfiles(profileDir)
    .map(({ name, profile }) => ({ name, summary: summarize(profile, window) }))
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs);
  const kept = mkdtempSync(join(tmpdir(), 'quell-profile-'));
  cpSync(profileDir, kept, { recursive: true });
  console.log(`profiles kept in ${kept} (open in Chrome DevTools or VS Code); window ${window.from}-${window.to} µs monotonic`);
  profiles.forEach(({ name, summary }, index) => {
    console.log(`\n-- ${index === 0 ? 'main thread' : 'thread'} ${name}`);
    console.log(formatSummary(summary, index === 0 ? 20 : 10));
  });
}
