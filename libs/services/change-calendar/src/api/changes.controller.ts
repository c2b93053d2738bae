import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { changeDraftSchema } from '@quell/calendar';
import { CHANGE_HISTORY, type ChangeHistory } from '@quell/platform-change-history';
import type { ApiKeyPrincipal } from '@quell/platform-http';
import { ApiBody, ApiHeader, ApiOperation, ApiProblem, ApiQuery, etagOf, Principal, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { ChangeCalendarConfig } from '../config';
import { ChangeCalendar } from '../change-calendar';
import { ChangeCommands } from './change-commands';
import { changeIdSchema, decisionSchema, encodePosition, searchQuerySchema, suppressedQuerySchema, type DecisionBody } from './change-requests';
import { searchChanges } from './change-search';

const changeId = new ZodValidationPipe(changeIdSchema, 'change id');
/** For the OpenAPI document only: bodies are checked with the configured limits (ChangeCommands), strictly. */
const DRAFT_BODY = { content: { 'application/json': { schema: changeDraftSchema({ maxWindowMs: Number.MAX_SAFE_INTEGER }, { strict: true }) } } };
const IF_MATCH = { name: 'If-Match', description: 'The ETag of the version read, e.g. "3".' };
const decision = new ZodValidationPipe(decisionSchema, 'decision');

/**
 * The change calendar per tenant (the tenant is the API key's). Scopes: read for GET; write to
 * create, edit and cancel; admin to approve or reject, so an approver holds a key of its own.
 */
@Controller('v1/changes')
@RequireScope('read')
@ApiOperation({ summary: 'Change calendar', tags: ['changes'] })
export class ChangesController {
  private readonly search: ZodValidationPipe<ReturnType<typeof searchQuerySchema>>;
  private readonly suppressedQuery: ZodValidationPipe<ReturnType<typeof suppressedQuerySchema>>;

  constructor(
    private readonly commands: ChangeCommands,
    private readonly calendar: ChangeCalendar,
    @Inject(CHANGE_HISTORY) private readonly history: ChangeHistory,
    @Inject(SERVICE_CONFIG) config: ChangeCalendarConfig,
  ) {
    this.search = new ZodValidationPipe(searchQuerySchema(config.CHANGE_SEARCH_MAX_LIMIT), 'query');
    this.suppressedQuery = new ZodValidationPipe(suppressedQuerySchema(config.CHANGE_SEARCH_MAX_LIMIT), 'query');
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({ summary: 'Create a change (requested)', description: 'Answers the change, overlapping changes (allowed, reported) and warnings (dates a DST gap removes).' })
  @ApiBody(DRAFT_BODY)
  @ApiProblem(400, 'Invalid change: each field in `errors` (end before start, unknown time zone, invalid RRULE, empty scope, window too long, an unknown field).')
  async create(@Tenant() tenant: string, @Body() body: unknown, @Res({ passthrough: true }) res: ServerResponse) {
    const saved = await this.commands.create(tenant, body);
    res.statusCode = 201;
    res.setHeader('ETag', etagOf(saved.change.version));
    res.setHeader('Location', `/v1/changes/${saved.change.id}`);
    return saved;
  }

  @Get()
  @ApiQuery(searchQuerySchema(10_000))
  @ApiOperation({ summary: 'Search changes', description: 'By time range (from, to), entity (host, ip, service, tag), status and ticket reference; paged by cursor.' })
  @ApiProblem(400, 'An invalid filter, or an unknown query parameter.')
  find(@Tenant() tenant: string, @Query() query: unknown) {
    return searchChanges(this.calendar.of(tenant), this.search.transform(query, { type: 'query' }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One change (latest version), with its ETag' })
  @ApiProblem(404, 'No change has this id in the key’s tenant.')
  one(@Tenant() tenant: string, @Param('id', changeId) id: string, @Res({ passthrough: true }) res: ServerResponse) {
    const change = this.commands.find(tenant, id);
    res.setHeader('ETag', etagOf(change.version));
    return change;
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every version of a change, oldest first (who approved or rejected it, when, what changed)' })
  @ApiProblem(404, 'No change has this id in the key’s tenant.')
  async versions(@Tenant() tenant: string, @Param('id', changeId) id: string) {
    return { versions: await this.commands.versions(tenant, id) };
  }

  @Get(':id/suppressed-alerts')
  @ApiQuery(suppressedQuerySchema(10_000))
  @ApiOperation({
    summary: 'Alerts the change suppressed or annotated',
    description:
      'Each alert as screened (suppression state, reason, details change.cover.*), first seen in [from, to), oldest first; paged by cursor. Written from the suppressed-alerts topic in batches, so an alert appears a moment after it was screened.',
  })
  @ApiProblem(404, 'No change has this id in the key’s tenant.')
  async suppressed(@Tenant() tenant: string, @Param('id', changeId) id: string, @Query() query: unknown) {
    const { cursor, ...range } = this.suppressedQuery.transform(query, { type: 'query' });
    this.commands.find(tenant, id);
    const page = await this.history.suppressedAlerts(tenant, id, { ...range, after: cursor });
    return { alerts: page.alerts, nextCursor: page.next ? encodePosition(page.next) : null };
  }

  @Put(':id')
  @RequireScope('write')
  @ApiOperation({
    summary: 'Replace a change’s fields (If-Match required)',
    description: 'The body is the draft (title, ticketRef, kind, status, owner, scope, windows); the server-owned fields of the GET answer (id, tenant, approver, approvals, version) are refused, not ignored. A changed scope or window sends an approved change back to requested.',
  })
  @ApiProblem(400, 'Invalid change, an unknown field, or a server-owned one (id, tenant, approver, approvals, version).')
  @ApiBody(DRAFT_BODY)
  @ApiHeader({ ...IF_MATCH, required: true })
  @ApiProblem(409, 'If-Match names an older version, or the change is cancelled or completed.')
  @ApiProblem(428, 'If-Match is missing.')
  async revise(@Tenant() tenant: string, @Param('id', changeId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: unknown, @Res({ passthrough: true }) res: ServerResponse) {
    const saved = await this.commands.revise(tenant, id, ifMatch, body);
    res.setHeader('ETag', etagOf(saved.change.version));
    return saved;
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireScope('admin', { forbidden: 'approving a change needs an admin (approver) key' })
  @ApiOperation({ summary: 'Approve a requested change', description: 'Records the key’s name as approver, the time and the comment.' })
  @ApiBody({ content: { 'application/json': { schema: decisionSchema } } })
  @ApiHeader(IF_MATCH)
  async approve(@Principal() who: ApiKeyPrincipal, @Param('id', changeId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(decision) body: DecisionBody, @Res({ passthrough: true }) res: ServerResponse) {
    return this.withEtag(res, await this.commands.decide(who.tenant, id, ifMatch, 'approve', who.name, body.comment));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequireScope('admin', { forbidden: 'rejecting a change needs an admin (approver) key' })
  @ApiOperation({ summary: 'Reject a requested change' })
  @ApiBody({ content: { 'application/json': { schema: decisionSchema } } })
  @ApiHeader(IF_MATCH)
  async reject(@Principal() who: ApiKeyPrincipal, @Param('id', changeId) id: string, @Headers('if-match') ifMatch: string | undefined, @Body(decision) body: DecisionBody, @Res({ passthrough: true }) res: ServerResponse) {
    return this.withEtag(res, await this.commands.decide(who.tenant, id, ifMatch, 'reject', who.name, body.comment));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Cancel a requested or approved change' })
  @ApiHeader(IF_MATCH)
  async cancel(@Tenant() tenant: string, @Param('id', changeId) id: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: ServerResponse) {
    return this.withEtag(res, await this.commands.cancel(tenant, id, ifMatch));
  }

  private withEtag<T extends { version: number }>(res: ServerResponse, change: T): T {
    res.setHeader('ETag', etagOf(change.version));
    return change;
  }
}
