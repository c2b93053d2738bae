import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { notifierConfigSchema } from './config';
import { IncidentsHandler } from './incidents.handler';
import { notifierTimersProvider } from './notifier-timers.provider';
import { WebhookDelivery } from './webhook-delivery';

@Module({ controllers: [IncidentsHandler], providers: [notifierTimersProvider, WebhookDelivery] })
export class NotifierModule {}

export const notifierService = defineService({
  name: 'notifier',
  defaultHttpPort: 8086,
  configSchema: notifierConfigSchema,
  module: () => NotifierModule,
  uses: { state: true },
});
