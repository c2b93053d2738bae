import type { BaseServiceConfig } from '@quell/platform-config';
import type { ServiceDefinition } from '@quell/platform-service-kit';
import { changeCalendarService } from '@quell/service-change-calendar';
import { correlatorService } from '@quell/service-correlator';
import { deduperService } from '@quell/service-deduper';
import { incidentManagerService } from '@quell/service-incident-manager';
import { ingestService } from '@quell/service-ingest';
import { normalizerService } from '@quell/service-normalizer';
import { notifierService } from '@quell/service-notifier';

/** The seven services of the all-in-one, upstream first: started in this order, and stopped in it. */
export const SERVICES: ServiceDefinition<BaseServiceConfig>[] = [
  ingestService,
  normalizerService,
  correlatorService,
  changeCalendarService,
  deduperService,
  incidentManagerService,
  notifierService,
];
