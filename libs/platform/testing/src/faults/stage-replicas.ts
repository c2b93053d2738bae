import { StageProcess, type StageProcessOptions } from './stage-process';

/**
 * The replicas of one stage, each its own process and HTTP port, all in one consumer group: scale
 * up and down mid-stream to make the group rebalance. Scaling down stops the newest replicas with
 * SIGTERM, as an orchestrator scales a deployment down.
 */
export class StageReplicas {
  readonly replicas: StageProcess[] = [];

  constructor(private readonly options: Omit<StageProcessOptions, 'name'> & { name?: string }) {}

  get name(): string {
    return this.options.name ?? this.options.app;
  }

  /** The first replica, the one that stays through scaling. */
  get first(): StageProcess {
    if (this.replicas.length === 0) throw new Error(`${this.name} has no replica`);
    return this.replicas[0];
  }

  /**
   * Starts or stops replicas until `count` run; waits for the new ones to be ready. `envFor` gives
   * a replica its own settings (for instance its own embedded ClickHouse data directory).
   */
  async scaleTo(count: number, envFor: (index: number) => Record<string, string> = () => ({}), timeoutMs?: number): Promise<void> {
    const started: StageProcess[] = [];
    while (this.replicas.length < count) {
      const index = this.replicas.length;
      const replica = new StageProcess({ ...this.options, name: `${this.name}-${index + 1}`, env: { ...this.options.env, ...envFor(index) } });
      this.replicas.push(replica);
      await replica.start();
      started.push(replica);
    }
    for (const replica of this.replicas.splice(count)) await replica.stop();
    for (const replica of started) await replica.waitReady(timeoutMs);
  }

  async stopAll(): Promise<void> {
    for (const replica of this.replicas.splice(0)) await replica.stop();
  }
}
