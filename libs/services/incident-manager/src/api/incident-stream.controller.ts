import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Headers, Inject, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProblem, problem, RequireScope, Tenant } from '@quell/platform-http';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { IncidentManagerConfig } from '../config';
import { IncidentChanges, type IncidentChange } from '../lifecycle/incident-changes';
import { StreamConnectionLimit } from './stream-connection-limit';

/** A client this far behind (bytes not yet sent) is cut off rather than buffered without bound; it reconnects with Last-Event-ID. */
const MAX_PENDING_BYTES = 1024 * 1024;

/** A stream frees its place only when a client leaves, at no known time: a refused client tries again this much later. */
const RETRY_AFTER_SECONDS = 30;

/**
 * GET /v1/incidents/stream: server-sent events of the caller's tenant's incident changes (event
 * `incident`, id `<incident id>@<version>`), a comment line as heartbeat. A reconnect with
 * Last-Event-ID gets what it missed while this replica still holds it, else an event `resync`
 * (list again, then follow).
 */
@Controller('v1/incidents/stream')
@RequireScope('read')
@ApiOperation({ summary: 'Incidents', tags: ['incidents'] })
export class IncidentStreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();
  private readonly heartbeatMs: number;
  private readonly limit: StreamConnectionLimit;

  constructor(
    private readonly changes: IncidentChanges,
    @Inject(SERVICE_CONFIG) config: IncidentManagerConfig,
  ) {
    this.heartbeatMs = config.INCIDENT_STREAM_HEARTBEAT_MS;
    this.limit = new StreamConnectionLimit(config.INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT);
  }

  @Get()
  @ApiOperation({ summary: 'Live incident changes (text/event-stream)', description: 'Each change: id, version, status, priority, severity, title, assignee, lastSeen.' })
  @ApiHeader({ name: 'Last-Event-ID', description: 'The id of the last event received, to resume after a reconnect.' })
  @ApiProblem(429, 'The tenant has INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT streams open on this replica; Retry-After says when to try again.', {
    'Retry-After': { description: 'Seconds to wait.' },
  })
  follow(@Tenant() tenant: string, @Headers('last-event-id') lastEventId: string | undefined, @Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const release = this.limit.acquire(tenant);
    if (!release) {
      throw problem(429, `tenant ${tenant} has ${this.limit.count(tenant)} incident streams open, the most allowed; close one or retry in ${RETRY_AFTER_SECONDS} s`, {
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    const send = (change: IncidentChange) => {
      if (change.tenant !== tenant) return;
      if (res.writableLength > MAX_PENDING_BYTES) return void res.end();
      const { eventId, ...data } = change;
      res.write(`id: ${eventId}\nevent: incident\ndata: ${JSON.stringify({ ...data, tenant: undefined })}\n\n`);
    };
    // Subscribed before the replay is read, so nothing falls between the two.
    const unsubscribe = this.changes.subscribe(send);
    if (lastEventId?.trim()) {
      const missed = this.changes.since(tenant, lastEventId.trim());
      if (missed) missed.forEach(send);
      else res.write('event: resync\ndata: {}\n\n');
    }
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    this.open.add(res);
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
      release();
    };
    req.on('close', done);
    res.on('close', done);
  }

  /** Open streams would hold the HTTP server's close forever: end them first. */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
  }
}
