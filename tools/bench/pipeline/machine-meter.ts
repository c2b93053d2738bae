// What runs beside the measured processes on the same cores: the broker and Redis when the bench
// started them, the bench itself (its load driver and webhook sink), and the whole machine.
import { cpuSeconds, machineCpuSeconds, threadCpuBetween, threadCpuSeconds } from './process-meter';

/** CPU seconds over one phase of what runs beside the measured processes. */
export interface BesideCpu {
  /** Servers on this machine, by thread (none when KAFKA_BROKERS / REDIS_URL name servers elsewhere). */
  servers: { name: string; seconds: number; threads: { name: string; seconds: number; threads: number }[] }[];
  /** This process: the load driver and the webhook sink. */
  bench: number;
  machine: { busy: number; stolen: number };
}

/** Counts from construction until stop(). */
export class BesideMeter {
  /** Each server's CPU seconds and its threads' at the start, by name. */
  private readonly started: Map<string, { pid: number; seconds: number; threads: ReturnType<typeof threadCpuSeconds> }>;
  private readonly bench = process.cpuUsage();
  private readonly machine = machineCpuSeconds();

  /** `servers`: name → pid. */
  constructor(servers: ReadonlyMap<string, number> = new Map()) {
    this.started = new Map([...servers].map(([name, pid]) => [name, { pid, seconds: cpuSeconds(pid) ?? 0, threads: threadCpuSeconds(pid) }]));
  }

  stop(): BesideCpu {
    const bench = process.cpuUsage(this.bench);
    const machine = machineCpuSeconds();
    return {
      servers: [...this.started].map(([name, { pid, seconds, threads }]) => ({
        name,
        seconds: (cpuSeconds(pid) ?? 0) - seconds,
        threads: threadCpuBetween(pid, threads, threadCpuSeconds(pid)),
      })),
      bench: (bench.user + bench.system) / 1e6,
      machine: { busy: machine.busy - this.machine.busy, stolen: machine.stolen - this.machine.stolen },
    };
  }
}
