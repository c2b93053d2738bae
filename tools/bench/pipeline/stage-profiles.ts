// `npm run bench -- --only=distributed --profile-stages=NAME,...`: the profiles those processes
// wrote when they stopped, each cut to the sustained phase and summarised as the all-in-one's
// --profile is (top functions by self time, modules by share). JavaScript threads only: ClickHouse's
// threads never show in a JS profile, which is why the per-stage table before it counts the CPU of
// the whole process.
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, readProfiles, summarize, type ProfileWindow } from './cpu-profile';

export function printStageProfiles(profiles: { dir: string; window: ProfileWindow }, stages: readonly string[], events: number): void {
  const kept = mkdtempSync(join(tmpdir(), 'quell-stage-profiles-'));
  if (existsSync(profiles.dir)) cpSync(profiles.dir, kept, { recursive: true });
  console.log(`\n== stage profiles over the sustained phase (node --cpu-prof; the profiler itself costs a few %), kept in ${kept}; window ${profiles.window.from}-${profiles.window.to} µs monotonic`);
  for (const stage of stages) {
    const dir = join(kept, stage);
    const found = existsSync(dir) ? readProfiles(dir) : [];
    if (found.length === 0) {
      console.log(`\n-- ${stage}: no profile (the process did not exit cleanly?)`);
      continue;
    }
    // One profile per thread: the main thread, and any worker threads after it.
    const summaries = found.map(({ profile }) => summarize(profile, profiles.window)).sort((a, b) => b.busyMs - a.busyMs);
    for (const [index, summary] of summaries.entries()) {
      console.log(`\n-- ${stage}${index === 0 ? '' : `, thread ${index + 1}`}: ${(summary.busyMs / events).toFixed(3)} CPU s per 1,000 events sampled`);
      console.log(formatSummary(summary, 15));
    }
  }
}
