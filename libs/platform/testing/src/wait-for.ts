export interface WaitForOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between probes (default 100 ms). */
  intervalMs?: number;
  /** What is being waited for; it goes into the timeout error. */
  description: string;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns that value. A probe
 * that throws counts as "not yet" (the broker may still be electing a leader); the last error is
 * reported if time runs out. For state that arrives asynchronously over real infrastructure; time
 * logic itself is tested with an injected clock, not with this.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, options: WaitForOptions): Promise<T> {
  const { timeoutMs = 30000, intervalMs = 100, description } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`, { cause: lastError });
}
