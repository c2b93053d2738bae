import { defineService } from '@quell/platform-service-kit';
import { ChangeCalendarModule } from './change-calendar.module';
import { changeCalendarConfigSchema } from './config';

export const changeCalendarService = defineService({
  name: 'change-calendar',
  defaultHttpPort: 8083,
  configSchema: changeCalendarConfigSchema,
  module: () => ChangeCalendarModule.forConfig(),
  // ClickHouse: every version mirrored there (the topic keeps only the latest) for history queries,
  // and the event history the window-close reports read. State: Redis for the durable window-close timers.
  uses: { clickhouse: true, state: true },
});
