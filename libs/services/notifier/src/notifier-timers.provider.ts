import type { FactoryProvider } from '@nestjs/common';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { REDIS, type RedisClient } from '@quell/platform-redis';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { TIMER_JOURNALS, TimerService, timerServiceFor, type TimerJournals } from '@quell/platform-timers';
import type { NotifierConfig } from './config';

/**
 * The notifier's durable timers: Redis when the process has it, else in memory (kept in the state
 * file when the process has one: the all-in-one). Started once
 * the app is up, stopped before its clients close (TimerService's lifecycle hooks).
 */
export const notifierTimersProvider: FactoryProvider<TimerService> = {
  provide: TimerService,
  inject: [REDIS, SERVICE_CONFIG, LOGGER, METRICS, TIMER_JOURNALS],
  useFactory: (redis: RedisClient | null, config: NotifierConfig, logger: Logger, metrics: PipelineMetrics, journals: TimerJournals | null) =>
    // WARNING: durable state; a new prefix forgets every pending retry.
    timerServiceFor(redis, `${config.KAFKA_GROUP_PREFIX}.notifier:timers:`, config, logger, metrics.registry, journals),
};
