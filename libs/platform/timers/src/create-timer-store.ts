import type { Cluster, Redis } from 'ioredis';
import { InMemoryTimerStore } from './in-memory-timer-store';
import { RedisTimerStore } from './redis-timer-store';
import type { TimerLimits, TimerStore } from './timer-store.port';

/**
 * Redis when the process has it (timers survive restarts and are shared by replicas), in memory
 * otherwise (the all-in-one embedded mode: timers live as long as the process).
 */
export function createTimerStore(redis: Redis | Cluster | null | undefined, prefix: string, limits?: TimerLimits): TimerStore {
  return redis ? new RedisTimerStore(redis, { prefix, limits }) : new InMemoryTimerStore(limits);
}
