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
  private readonly servers: Map<string, number>;
  private readonly threads: Map<string, ReturnType<typeof threadCpuSeconds>>;
  private readonly bench = process.cpuUsage();
  private readonly machine = machineCpuSeconds();

  /** `servers`: name → pid. */
  constructor(private readonly pids: ReadonlyMap<string, number> = new Map()) {
    this.servers = new Map([...pids].map(([name, pid]) => [name, cpuSeconds(pid) ?? 0]));
    this.threads = new Map([...pids].map(([name, pid]) => [name, threadCpuSeconds(pid)]));
  }

  stop(): BesideCpu {
    const bench = process.cpuUsage(this.bench);
    const machine = machineCpuSeconds();
    return {
      servers: [...this.pids].map(([name, pid]) => ({
        name,
        seconds: (cpuSeconds(pid) ?? 0) - (this.servers.get(name) ?? 0),
        threads: threadCpuBetween(pid, this.threads.get(name) ?? new Map(), threadCpuSeconds(pid)),
      })),
      bench: (bench.user + bench.system) / 1e6,
      machine: { busy: machine.busy - this.machine.busy, stolen: machine.stolen - this.machine.stolen },
    };
  }
}
