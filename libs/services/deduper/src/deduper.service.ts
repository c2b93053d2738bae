import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { deduperConfigSchema } from './config';
import { ScreenedAlertsHandler } from './screened-alerts.handler';

@Module({ controllers: [ScreenedAlertsHandler] })
export class DeduperModule {}

export const deduperService = defineService({
  name: 'deduper',
  defaultHttpPort: 8084,
  configSchema: deduperConfigSchema,
  module: () => DeduperModule,
  uses: { state: true },
});
