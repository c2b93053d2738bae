import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, HttpCode, Post, Query, Req, Res, type DynamicModule } from '@nestjs/common';
import { API_KEY_STORE, ApiKeyStore } from '@quell/platform-http';
import { EventsController } from '../../../libs/services/ingest/src/events.controller';
import type { IngestQuery } from '../../../libs/services/ingest/src/http/events-api.schemas';

/** The tenant every request of the bypassed server is taken to come from. */
export const BARE_TENANT = 'bench';

/**
 * POST /v1/events with the HTTP kit's layers bypassed: no API-key guard (the tenant is fixed), no
 * query pipe, no problem filter, no request id, no access log. The handler below them is ingest's own.
 */
@Controller('v1/events')
class BareEventsController {
  constructor(private readonly events: EventsController) {}

  @Post()
  @HttpCode(202)
  ingest(@Req() req: IncomingMessage, @Res({ passthrough: true }) res: ServerResponse, @Query() query: IngestQuery) {
    return this.events.ingest(req, res, BARE_TENANT, undefined, query);
  }
}

/** Ingest's events handler (a plain provider here, so its own guarded route is not mounted) under the bare route. */
export function bareIngestModule(): DynamicModule {
  class BareIngestModule {}
  // The guard on the handler's own route is still instantiated (with no key), never called.
  return { module: BareIngestModule, controllers: [BareEventsController], providers: [EventsController, { provide: API_KEY_STORE, useValue: new ApiKeyStore([]) }] };
}
