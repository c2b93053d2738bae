export * from './timer-store.port';
export { RedisTimerStore, DEFAULT_TIMER_SHARDS, type RedisTimerStoreOptions } from './redis-timer-store';
export { InMemoryTimerStore } from './in-memory-timer-store';
export { createTimerStore } from './create-timer-store';
export { TimerService, DEFAULT_TIMER_SERVICE_OPTIONS, type TimerHandler, type TimerLogger, type TimerObserver, type TimerServiceOptions } from './timer-service';
export { RetryLadder, type RetryFailure, type RetryLadderOptions, type RetryOutcome } from './retry-ladder';
export { timerConfigShape, timerServiceFor, type TimerSettings } from './timer-config';
export { timerMetrics } from './timer-metrics';
