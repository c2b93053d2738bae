import { readdirSync, readFileSync } from 'node:fs';

// Linux reports process CPU in clock ticks; 100 per second on every common kernel configuration.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat), or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the whole machine has spent so far over all cores (/proc/stat's cpu line): `busy` is
 * user, nice, system, irq and softirq, what every process and the kernel took (the loopback
 * network's work included); `stolen` is time a virtual machine's cores waited for the host.
 */
export function machineCpuSeconds(): { busy: number; stolen: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, stolen: (steal ?? 0) / TICKS_PER_SECOND };
}

/** Resident set size and its peak so far, in MiB (/proc/<pid>/status VmRSS, VmHWM). */
export function memoryMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a set of processes' RSS every `everyMs`, so a phase reports its median and highest. */
export class RssSampler {
  private readonly samples = new Map<number, number[]>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: () => readonly number[], private readonly everyMs = 250) {}

  start(): this {
    this.timer = setInterval(() => {
      for (const pid of this.pids()) {
        const memory = memoryMb(pid);
        if (!memory) continue;
        const series = this.samples.get(pid) ?? [];
        series.push(memory.rss);
        this.samples.set(pid, series);
      }
    }, this.everyMs);
    this.timer.unref();
    return this;
  }

  /** Summed over the processes, sample by sample: the median of the last half (steady state) and the highest. */
  stop(): { steadyMb: number; maxMb: number } {
    clearInterval(this.timer);
    const series = [...this.samples.values()];
    const length = Math.min(...series.map((s) => s.length));
    if (!Number.isFinite(length) || length === 0) return { steadyMb: NaN, maxMb: NaN };
    const sums = Array.from({ length }, (_, i) => series.reduce((total, s) => total + s[i], 0));
    const lastHalf = sums.slice(Math.floor(length / 2)).sort((a, b) => a - b);
    return { steadyMb: lastHalf[Math.floor(lastHalf.length / 2)], maxMb: Math.max(...sums) };
  }
}

/** CPU seconds of several processes together. */
export function totalCpuSeconds(pids: readonly number[]): number {
  return pids.reduce((total, pid) => total + (cpuSeconds(pid) ?? 0), 0);
}

/** CPU seconds so far of each thread of a process, by thread id, with its name (/proc/<pid>/task/<tid>/stat). */
export function threadCpuSeconds(pid: number): Map<number, { name: string; seconds: number }> {
  const threads = new Map<number, { name: string; seconds: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return threads;
}

/** CPU seconds each thread used between two snapshots, summed by thread name (the main thread as `main`), largest first. */
export function threadCpuBetween(
  pid: number,
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
): { name: string; seconds: number; threads: number }[] {
  const byName = new Map<string, { seconds: number; threads: number }>();
  for (const [tid, now] of after) {
    const name = tid === pid ? 'main' : now.name;
    const entry = byName.get(name) ?? { seconds: 0, threads: 0 };
    entry.seconds += now.seconds - (before.get(tid)?.seconds ?? 0);
    entry.threads += 1;
    byName.set(name, entry);
  }
  return [...byName].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.seconds - a.seconds);
}
