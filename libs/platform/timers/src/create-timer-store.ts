import type { Cluster, Redis } from 'ioredis';
import { InMemoryTimerStore } from './in-memory-timer-store';
import { RedisTimerStore } from './redis-timer-store';
import type { TimerJournals } from './timer-journal.port';
import { DEFAULT_TIMER_LIMITS, type TimerLimits, type TimerStore } from './timer-store.port';

/**
 * Redis when the process has it (timers survive restarts and are shared by replicas), in memory
 * otherwise: journaled when the process keeps its state in a file (the all-in-one), else they live
 * as long as the process.
 */
export function createTimerStore(redis: Redis | Cluster | null | undefined, prefix: string, limits?: TimerLimits, journals?: TimerJournals | null): TimerStore {
  if (redis) return new RedisTimerStore(redis, { prefix, limits });
  return new InMemoryTimerStore(limits ?? DEFAULT_TIMER_LIMITS, Date.now, journals?.(prefix));
}
