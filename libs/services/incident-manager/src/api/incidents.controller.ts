import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Incident } from '@quell/contracts';
import type { IncidentAction } from '@quell/incidents';
import { ApiBody, ApiHeader, ApiOperation, ApiProblem, ApiQuery, etagOf, parseIfMatch, Principal, problem, RequireScope, Tenant, ZodValidationPipe, type ApiKeyPrincipal } from '@quell/platform-http';
import type { z } from 'zod';
import { IncidentLifecycle } from '../lifecycle/incident-lifecycle.service';
import { asProblem } from './incident-problems';
import { IncidentReads } from './incident-reads';
import { acknowledgeSchema, assignSchema, closeSchema, commentSchema, incidentIdSchema, listQuerySchema, prioritySchema, reopenSchema, resolveSchema } from './incident-requests';

const incidentId = new ZodValidationPipe(incidentIdSchema, 'incident id');
const list = new ZodValidationPipe(listQuerySchema, 'query');
const IF_MATCH = { name: 'If-Match', description: 'The ETag of the version read, e.g. "3" (or `expectedVersion` in the body); a stale one is a 409 with the current version.' };
const body = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

/**
 * Incidents per tenant (the tenant is the API key's; the actor recorded on the timeline is the
 * key's name). Scopes: read to list, read and stream; write to act.
 */
@Controller('v1/incidents')
@RequireScope('read')
@ApiOperation({ summary: 'Incidents', tags: ['incidents'] })
export class IncidentsController {
  constructor(
    private readonly reads: IncidentReads,
    private readonly lifecycle: IncidentLifecycle,
  ) {}

  @Get()
  @ApiQuery(listQuerySchema)
  @ApiOperation({ summary: 'List incidents', description: 'Latest version of each, most recently active first; filters by status, priority, service, entity, rule, assignee, time (from, to) and text (q); paged by cursor.' })
  @ApiProblem(400, 'An invalid filter or cursor, each in `errors`.')
  find(@Tenant() tenant: string, @Query(list) query: z.output<typeof listQuerySchema>) {
    return this.reads.list(tenant, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident with its alerts, sample events, related changes and timeline, and its ETag' })
  @ApiProblem(404, 'No incident has this id in the key’s tenant.')
  async one(@Tenant() tenant: string, @Param('id', incidentId) id: string, @Res({ passthrough: true }) res: ServerResponse) {
    const detail = await this.reads.detail(tenant, id);
    res.setHeader('ETag', etagOf(detail.incident.version));
    return detail;
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Acknowledge an open incident (again: nothing changes)' })
  @ApiBody(body(acknowledgeSchema))
  @ApiHeader(IF_MATCH)
  @ApiProblem(409, 'A stale version, or the incident is resolved or closed.')
  acknowledge(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(acknowledgeSchema)) input: z.output<typeof acknowledgeSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'acknowledge', actor: who.name, comment: input.comment }, res);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Assign the incident (assignee null: unassign)' })
  @ApiBody(body(assignSchema))
  @ApiHeader(IF_MATCH)
  assign(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(assignSchema)) input: z.output<typeof assignSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'assign', actor: who.name, assignee: input.assignee }, res);
  }

  @Post(':id/comment')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Add a comment to the timeline' })
  @ApiBody(body(commentSchema))
  @ApiHeader(IF_MATCH)
  comment(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(commentSchema)) input: z.output<typeof commentSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'comment', actor: who.name, text: input.text }, res);
  }

  @Post(':id/priority')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Set the priority (1–5) with a reason; automatic assessment keeps it from then on' })
  @ApiBody(body(prioritySchema))
  @ApiHeader(IF_MATCH)
  @ApiProblem(400, 'Priority outside 1–5, or no reason.')
  priority(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(prioritySchema)) input: z.output<typeof prioritySchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'set_priority', actor: who.name, priority: input.priority, reason: input.reason }, res);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Resolve with a resolution code (true_positive, false_positive, benign, duplicate, other)' })
  @ApiBody(body(resolveSchema))
  @ApiHeader(IF_MATCH)
  @ApiProblem(400, 'An unknown resolution code.')
  @ApiProblem(409, 'A stale version, the incident is closed, or already resolved with another code (reopen it first).')
  resolve(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(resolveSchema)) input: z.output<typeof resolveSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'resolve', actor: who.name, resolution: input.resolution, comment: input.comment }, res);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Reopen a resolved or closed incident' })
  @ApiBody(body(reopenSchema))
  @ApiHeader(IF_MATCH)
  reopen(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(reopenSchema)) input: z.output<typeof reopenSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'reopen', actor: who.name, reason: input.reason }, res);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Close the incident' })
  @ApiBody(body(closeSchema))
  @ApiHeader(IF_MATCH)
  close(@Principal() who: ApiKeyPrincipal, @Param('id', incidentId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(new ZodValidationPipe(closeSchema)) input: z.output<typeof closeSchema>, @Res({ passthrough: true }) res: ServerResponse) {
    return this.act(who, id, ifMatch, input.expectedVersion, { type: 'close', actor: who.name, comment: input.comment }, res);
  }

  /** Applies the action as the key's principal; answers the incident after it, with its ETag. */
  private async act(who: ApiKeyPrincipal, id: string, ifMatch: string | undefined, bodyVersion: number | undefined, action: IncidentAction, res: ServerResponse): Promise<Incident> {
    const expectedVersion = expectedVersionOf(ifMatch, bodyVersion);
    try {
      const incident = await this.lifecycle.act(who.tenant, id, action, { expectedVersion });
      res.setHeader('ETag', etagOf(incident.version));
      return incident;
    } catch (error) {
      throw asProblem(error);
    }
  }
}

/** If-Match `"7"` (or `*`: any version) and/or `expectedVersion` 7 in the body; both given must agree. */
function expectedVersionOf(ifMatch: string | undefined, bodyVersion: number | undefined): number | undefined {
  const parsed = parseIfMatch(ifMatch);
  if (!parsed || parsed.any) return bodyVersion;
  const match = parsed.tags.length === 1 ? /^"(\d{1,15})"$/.exec(parsed.tags[0]) : null;
  if (!match) throw problem(400, 'If-Match must name one version, e.g. If-Match: "7" (a weak W/ tag never matches)', { type: 'urn:quell:problem:invalid-request' });
  const version = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw problem(400, `If-Match names version ${version} but expectedVersion is ${bodyVersion}`, { type: 'urn:quell:problem:invalid-request' });
  }
  return version;
}
