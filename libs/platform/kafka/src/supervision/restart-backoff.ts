export interface RestartBackoff {
  /** Delay before the first restart attempt. */
  initialMs: number;
  /** The delay doubles per attempt up to this. */
  maxMs: number;
  /**
   * Consecutive failed restarts tolerated; the next failure gives up. With the defaults (1 s, 30 s,
   * 12) the attempts span about four minutes of waiting, plus each attempt's own connect retries,
   * so a broker down for a few minutes is outlasted.
   */
  maxFailedRestarts: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 30_000, maxFailedRestarts: 12 };

/**
 * Delay before restart attempt `attempt` (1-based): exponential, capped, with ±20 % jitter so the
 * replicas of a group that all crashed in one broker outage do not rejoin in lockstep.
 */
export function restartDelayMs(attempt: number, backoff: RestartBackoff, random: () => number = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
