import type { IncomingMessage } from 'node:http';
import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '@quell/calendar';
import { ApiBody, ApiHeader, ApiOperation, ApiProblem, problem, readBody, RequireScope, Tenant, ZodValidationPipe } from '@quell/platform-http';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { ChangeCalendarConfig } from '../config';
import { ChangeCalendar } from '../change-calendar';
import { ChangeImports } from './change-imports';
import { importFormatOf, importQuerySchema, webhookQuerySchema, type ImportQuery, type WebhookQuery } from './import-requests';
import { parseWebhookSecrets } from './webhook-secrets';

/**
 * ITSM imports. An import may carry approvals (the ITSM is their authority), so it takes an admin
 * key; the webhook is signed with the tenant's HMAC secret instead of a key (ITSM tools sign, they
 * do not hold bearer keys). Bodies are read raw: the signature covers the bytes.
 */
@Controller('v1/changes')
@ApiOperation({ summary: 'Change imports', tags: ['changes'] })
export class ChangeImportsController {
  private readonly maxBodyBytes: number;
  private readonly secrets: Map<string, string[]>;
  private readonly jiraFieldNames?: Record<string, string>;

  constructor(
    private readonly imports: ChangeImports,
    private readonly calendar: ChangeCalendar,
    @Inject(SERVICE_CONFIG) config: ChangeCalendarConfig,
  ) {
    this.maxBodyBytes = config.CHANGE_IMPORT_MAX_BODY_BYTES;
    this.secrets = parseWebhookSecrets(config.CHANGE_WEBHOOK_SECRETS);
    this.jiraFieldNames = config.CHANGE_JIRA_FIELD_NAMES;
  }

  @Post('import')
  @HttpCode(200)
  @RequireScope('admin', { forbidden: 'importing changes needs an admin key (an import may carry approvals)' })
  @ApiOperation({ summary: 'Import a ServiceNow change_request or Jira Service Management export (CSV or JSON)', description: 'Idempotent by ticket reference; `dryRun=true` answers the plan without writing.' })
  @ApiBody({ content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } })
  @ApiProblem(400, 'The file cannot be read, or the time zone is unknown; nothing imported.')
  @ApiProblem(413, 'The body is over CHANGE_IMPORT_MAX_BODY_BYTES once inflated.')
  @ApiProblem(415, 'Neither `format` nor the Content-Type says CSV or JSON.')
  async import(@Tenant() tenant: string, @Query(new ZodValidationPipe(importQuerySchema, 'query')) query: ImportQuery, @Req() req: IncomingMessage) {
    const format = importFormatOf(query, req.headers['content-type']);
    if (!format) throw problem(415, 'say the export format: ?format=csv|json, or Content-Type text/csv or application/json');
    const text = (await readBody(req, this.maxBodyBytes)).toString('utf8');
    return this.imports.run(tenant, { source: query.source, format, text, timeZone: query.timeZone, jiraFieldNames: this.jiraFieldNames }, query.dryRun);
  }

  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({ summary: 'A change pushed by an ITSM tool, signed', description: `Header \`${WEBHOOK_SIGNATURE_HEADER}: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">\` with the tenant's secret (CHANGE_WEBHOOK_SECRETS). A repeated push is unchanged (idempotent by ticket).` })
  @ApiHeader({ name: WEBHOOK_SIGNATURE_HEADER, description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">', required: true })
  @ApiBody({ content: { 'application/json': { schema: { type: 'object' } } } })
  @ApiProblem(401, 'The signature is missing, malformed, too old or does not match.')
  async webhook(@Query(new ZodValidationPipe(webhookQuerySchema, 'query')) query: WebhookQuery, @Req() req: IncomingMessage) {
    const raw = await readBody(req, this.maxBodyBytes);
    const verdict = verifyWebhookSignature({ rawBody: raw, header: headerOf(req), secrets: this.secrets.get(query.tenant) ?? [], now: this.calendar.now() });
    // The reason is the sender's to fix (clock, secret); which tenants have secrets is not told.
    if (!verdict.ok) throw problem(401, verdict.reason === 'no-secret' ? 'the signature does not match' : verdict.message, { extensions: { reason: verdict.reason === 'no-secret' ? 'signature-mismatch' : verdict.reason } });
    return this.imports.run(query.tenant, { source: query.source, format: 'json', text: raw.toString('utf8'), timeZone: query.timeZone, jiraFieldNames: this.jiraFieldNames }, false);
  }
}

function headerOf(req: IncomingMessage): string | undefined {
  const value = req.headers[WEBHOOK_SIGNATURE_HEADER];
  return Array.isArray(value) ? value[0] : value;
}
