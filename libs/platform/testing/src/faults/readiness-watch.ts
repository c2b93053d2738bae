/** Anything whose readiness can be asked: a StageProcess, or a stage in the test process. */
export interface ReadinessSource {
  readonly name: string;
  /** Status of /health/ready, undefined when nothing answers. */
  readiness(): Promise<number | undefined>;
}

export interface ReadinessSample {
  at: number;
  stage: string;
  status: number | undefined;
}

/**
 * Polls /health/ready of every watched stage at a steady interval and keeps each answer with its
 * time, so a test can tell afterwards what a probe would have seen during an outage: the 503s
 * while it lasted and the 200 after recovery.
 */
export class ReadinessWatch {
  readonly samples: ReadinessSample[] = [];
  private readonly sources = new Map<string, ReadinessSource>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly intervalMs = 1000) {}

  watch(...sources: ReadinessSource[]): this {
    for (const source of sources) this.sources.set(source.name, source);
    return this;
  }

  unwatch(name: string): void {
    this.sources.delete(name);
  }

  start(): this {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The statuses `stage` answered between `from` and `to` (epoch ms), in order; 'none' for no answer. */
  statuses(stage: string, from: number, to = Date.now()): (number | 'none')[] {
    return this.samples.filter((s) => s.stage === stage && s.at >= from && s.at <= to).map((s) => s.status ?? 'none');
  }

  /** One line per stage: how many probes in the span answered what, e.g. `correlator 200×3 503×28`. */
  describe(from: number, to = Date.now()): string {
    return [...new Set(this.samples.map((s) => s.stage))]
      .filter((stage) => this.statuses(stage, from, to).length > 0)
      .map((stage) => {
        const counts = new Map<string, number>();
        for (const status of this.statuses(stage, from, to)) counts.set(String(status), (counts.get(String(status)) ?? 0) + 1);
        return `${stage} ${[...counts].map(([status, n]) => `${status}×${n}`).join(' ')}`;
      })
      .join(', ');
  }

  private async poll(): Promise<void> {
    // A probe that takes longer than the interval must not pile up behind itself.
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all(
        [...this.sources.values()].map(async (source) => {
          const at = Date.now();
          const status = await source.readiness().catch(() => undefined);
          this.samples.push({ at, stage: source.name, status });
        }),
      );
    } finally {
      this.polling = false;
    }
  }
}
