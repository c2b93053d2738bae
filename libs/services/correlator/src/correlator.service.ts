import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { correlatorConfigSchema } from './config';
import { EventsHandler } from './events.handler';

@Module({ controllers: [EventsHandler] })
export class CorrelatorModule {}

export const correlatorService = defineService({
  name: 'correlator',
  defaultHttpPort: 8082,
  configSchema: correlatorConfigSchema,
  module: () => CorrelatorModule,
  uses: {},
});
