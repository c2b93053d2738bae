import { intInRange } from '@quell/platform-config';
import type { Cluster, Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createTimerStore } from './create-timer-store';
import { timerMetrics } from './timer-metrics';
import type { TimerJournals } from './timer-journal.port';
import { TimerService, type TimerLogger } from './timer-service';
import { DEFAULT_TIMER_LIMITS } from './timer-store.port';

/** The configuration keys of a service that keeps durable timers (spread into its schema). */
export const timerConfigShape = {
  TIMER_LEASE_MS: intInRange(1_000, 3_600_000)
    .default(60_000)
    .describe('How long a fired timer is held by the replica running it; one not acknowledged by then (the replica died) fires again. Must exceed the longest handler run.'),
  TIMER_MAX_IDLE_MS: intInRange(100, 600_000)
    .default(5_000)
    .describe('Longest sleep of the timer runner when nothing it knows of is due: bounds how late a timer scheduled by another replica (or left by a dead one) fires.'),
  TIMER_MAX_PER_TENANT: intInRange(1, 100_000_000)
    .default(DEFAULT_TIMER_LIMITS.maxPerTenant)
    .describe('Timers one tenant may hold pending at once; past it scheduling fails (the work is dead-lettered with the reason).'),
};

export interface TimerSettings {
  TIMER_LEASE_MS: number;
  TIMER_MAX_IDLE_MS: number;
  TIMER_MAX_PER_TENANT: number;
}

/**
 * The timers of one service: in Redis under `prefix` when the process has Redis, else in memory
 * (kept in the process's state file when it has `journals`), with their metrics on the service's registry.
 * WARNING: the prefix names durable state; each service needs its own (a runner only has its own kinds).
 */
export function timerServiceFor(
  redis: Redis | Cluster | null | undefined,
  prefix: string,
  settings: TimerSettings,
  logger: TimerLogger,
  registry?: Registry,
  journals?: TimerJournals | null,
): TimerService {
  const store = createTimerStore(redis, prefix, { ...DEFAULT_TIMER_LIMITS, maxPerTenant: settings.TIMER_MAX_PER_TENANT }, journals);
  const observer = registry ? timerMetrics(registry, store) : undefined;
  return new TimerService(store, { logger, observer, leaseMs: settings.TIMER_LEASE_MS, maxIdleMs: settings.TIMER_MAX_IDLE_MS });
}
