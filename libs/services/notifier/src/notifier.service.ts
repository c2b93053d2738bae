import { Module } from '@nestjs/common';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { defineService, SERVICE_CONFIG } from '@quell/platform-service-kit';
import { notifierConfigSchema, type NotifierConfig } from './config';
import { ChannelDelivery } from './delivery/channel-delivery.service';
import { ChannelSend } from './delivery/channel-send';
import { DeliveryLogFlush } from './delivery/delivery-log-flush';
import { DeliveryRecorder } from './delivery/delivery-recorder';
import { LegacyWebhookRetries } from './delivery/legacy-webhook-retries';
import { OutcomePublisher } from './delivery/outcome-publisher';
import { Escalations } from './escalation/escalation.service';
import { IncidentsHandler } from './incidents.handler';
import { notifierTimersProvider } from './notifier-timers.provider';
import { NotifyTransitions } from './notify-transitions.usecase';
import { RoutingSource } from './routing/routing-source';

@Module({
  controllers: [IncidentsHandler],
  providers: [
    notifierTimersProvider,
    { provide: RoutingSource, inject: [SERVICE_CONFIG, LOGGER], useFactory: (config: NotifierConfig, logger: Logger) => RoutingSource.start(config, logger) },
    DeliveryLogFlush,
    DeliveryRecorder,
    OutcomePublisher,
    ChannelSend,
    ChannelDelivery,
    LegacyWebhookRetries,
    Escalations,
    NotifyTransitions,
  ],
})
export class NotifierModule {}

export const notifierService = defineService({
  name: 'notifier',
  defaultHttpPort: 8086,
  configSchema: notifierConfigSchema,
  module: () => NotifierModule,
  uses: { state: true, clickhouse: true },
  // The delivery log is the notifier's only use of ClickHouse.
  usesFor: (config) => ({ state: true, clickhouse: config.NOTIFY_DELIVERY_LOG_CLICKHOUSE }),
});
