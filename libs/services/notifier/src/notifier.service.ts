import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { notifierConfigSchema } from './config';
import { IncidentsHandler } from './incidents.handler';

@Module({ controllers: [IncidentsHandler] })
export class NotifierModule {}

export const notifierService = defineService({
  name: 'notifier',
  defaultHttpPort: 8086,
  configSchema: notifierConfigSchema,
  module: () => NotifierModule,
  uses: { state: true },
});
