import type { FactoryProvider } from '@nestjs/common';
import type { AvroCodec, Topics } from '@quell/contracts';
import { EVENT_HISTORY, type EventHistory } from '@quell/platform-event-history';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { REDIS, type RedisClient } from '@quell/platform-redis';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { TIMER_JOURNALS, TimerService, timerServiceFor, type TimerJournals } from '@quell/platform-timers';
import { CALENDAR_CLOCK, ChangeCalendar } from '../change-calendar';
import type { ChangeCalendarConfig } from '../config';
import { WindowCloseTimers } from './window-close-timers';

/** The calendar's durable timers: Redis when the process has it, else in memory (kept in the state file when the process has one: the all-in-one). */
export const calendarTimersProvider: FactoryProvider<TimerService> = {
  provide: TimerService,
  inject: [REDIS, SERVICE_CONFIG, LOGGER, METRICS, TIMER_JOURNALS],
  useFactory: (redis: RedisClient | null, config: ChangeCalendarConfig, logger: Logger, metrics: PipelineMetrics, journals: TimerJournals | null) =>
    // WARNING: durable state; a new prefix forgets every pending window close.
    timerServiceFor(redis, `${config.KAFKA_GROUP_PREFIX}.change-calendar:timers:`, config, logger, metrics.registry, journals),
};

export const windowCloseTimersProvider: FactoryProvider<WindowCloseTimers> = {
  provide: WindowCloseTimers,
  inject: [TimerService, ChangeCalendar, EVENT_HISTORY, EVENT_BUS, CODEC, TOPICS, CALENDAR_CLOCK, LOGGER, SERVICE_CONFIG],
  useFactory: (
    timers: TimerService,
    calendar: ChangeCalendar,
    history: EventHistory | null,
    bus: EventBus,
    codec: AvroCodec,
    topics: Topics,
    clock: () => number,
    logger: Logger,
    config: ChangeCalendarConfig,
  ) => {
    if (!history) throw new Error('change-calendar: the window-close report needs the event history (ClickHouse)');
    const windowClose = new WindowCloseTimers({
      timers,
      changeOf: (tenant, id) => calendar.get(tenant, id),
      history,
      bus,
      codec,
      topic: topics.alertsScreened,
      clock,
      settleMs: config.CHANGE_WINDOW_CLOSE_SETTLE_MS,
      logger,
    });
    windowClose.register();
    return windowClose;
  },
};
