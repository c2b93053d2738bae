import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { correlatorConfigSchema } from './config';
import { CorrelatorMetrics } from './correlator.metrics';
import { EventsHandler } from './detection/events.handler';
import { correlatorRulesProvider } from './rules/rules.provider';
import { MatchesHandler } from './windows/matches.handler';

/**
 * Stage 1 (EventsHandler: events → detection alerts and re-keyed matches) and stage 2
 * (MatchesHandler: matches → correlation windows → correlation alerts), each its own consumer
 * group. Extensions plug in as providers of EVENT_DETECTORS (stage 1) and KEYED_PROCESSORS (stage 2).
 */
@Module({
  controllers: [EventsHandler, MatchesHandler],
  providers: [correlatorRulesProvider, CorrelatorMetrics],
})
export class CorrelatorModule {}

export const correlatorService = defineService({
  name: 'correlator',
  defaultHttpPort: 8082,
  configSchema: correlatorConfigSchema,
  module: () => CorrelatorModule,
  uses: { state: true },
});
