/**
 * The listeners of content reloaded without a restart (rules, watchlists, anomaly rules): each is
 * called after a reload that changed it; one that throws is logged, and the others still hear of it.
 */
export class ChangeListeners<T> {
  private readonly listeners = new Set<(next: T, previous: T) => void>();

  constructor(
    private readonly logger: { error(obj: object, msg: string): void },
    /** The log line of a listener that threw, e.g. `a rules change listener failed`. */
    private readonly failureMessage: string,
  ) {}

  /** Returns the unsubscribe function. */
  add(listener: (next: T, previous: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(next: T, previous: T): void {
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch (error) {
        this.logger.error({ err: error }, this.failureMessage);
      }
    }
  }
}

/** Runs tasks one at a time in call order (reloads and writes of one source); a failed task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
