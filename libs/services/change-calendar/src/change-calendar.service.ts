import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { AlertsHandler } from './alerts.handler';
import { ChangeCalendar } from './change-calendar';
import { changeCalendarConfigSchema } from './config';

@Module({ controllers: [AlertsHandler], providers: [ChangeCalendar] })
export class ChangeCalendarModule {}

export const changeCalendarService = defineService({
  name: 'change-calendar',
  defaultHttpPort: 8083,
  configSchema: changeCalendarConfigSchema,
  module: () => ChangeCalendarModule,
  uses: {},
});
