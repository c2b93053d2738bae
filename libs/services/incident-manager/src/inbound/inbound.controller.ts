import type { IncomingMessage } from 'node:http';
import { Controller, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { IncidentAction } from '@quell/incidents';
import { INBOUND_PROVIDERS, InboundPayloadError, isIgnored, parseInbound, verifyInbound, type InboundAction, type InboundParse, type InboundProvider } from '@quell/notify';
import { ApiOperation, ApiProblem, problem, readBody, ZodValidationPipe } from '@quell/platform-http';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, type DocumentStore } from '@quell/platform-state';
import { z } from 'zod';
import { asProblem } from '../api/incident-problems';
import type { IncidentManagerConfig } from '../config';
import { IncidentLifecycle, LIFECYCLE_CLOCK } from '../lifecycle/incident-lifecycle.service';
import { inboundSecrets } from './inbound-config';
import { InboundReplayGuard } from './inbound-replay-guard';

const providerPipe = new ZodValidationPipe(z.enum(INBOUND_PROVIDERS), 'provider');
const querySchema = z.object({ tenant: z.string().min(1).max(100) });
const queryPipe = new ZodValidationPipe(querySchema, 'query');

/**
 * Two-way sync: a Slack button, a PagerDuty webhook or a Jira / ServiceNow update acknowledges or
 * resolves an incident. No API key: each provider signs with the tenant's secret (the `tenant`
 * query names whose), verified over the raw bytes before anything is parsed. A delivery seen
 * before (same signature: a provider's retry, a captured request replayed) is answered 200 and
 * does nothing, so the provider stops retrying and a replay cannot resolve a reopened incident.
 */
@Controller('v1/inbound')
@ApiOperation({ summary: 'Two-way sync', tags: ['incidents'] })
export class InboundController {
  private readonly secrets: Record<InboundProvider, Map<string, string[]>>;
  private readonly maxBodyBytes: number;
  private readonly replays: InboundReplayGuard;

  constructor(
    private readonly lifecycle: IncidentLifecycle,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: () => number,
    @Inject(SERVICE_CONFIG) config: IncidentManagerConfig,
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
  ) {
    this.secrets = inboundSecrets(config);
    this.maxBodyBytes = config.INBOUND_MAX_BODY_BYTES;
    this.replays = new InboundReplayGuard(documents, config.INBOUND_REPLAY_TTL_MS);
  }

  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge or resolve an incident from Slack, PagerDuty, Jira or ServiceNow',
    description: 'provider: slack (X-Slack-Signature v0, X-Slack-Request-Timestamp within 5 min), pagerduty (X-PagerDuty-Signature v1=), jira (a Jira admin webhook\'s X-Hub-Signature sha256=, or X-Quell-Signature t=,v1=), servicenow (X-Quell-Signature t=,v1=). Answers what was done, or why nothing was.',
  })
  @ApiProblem(400, 'The body cannot be read, names no incident, or names another tenant.')
  @ApiProblem(401, 'The signature is missing, malformed, too old or does not match the tenant\'s secret.')
  @ApiProblem(404, 'No incident has this id in the tenant.')
  @ApiProblem(409, 'The incident\'s state does not allow the action (e.g. acknowledging a closed incident).')
  @ApiProblem(413, 'The body is over INBOUND_MAX_BODY_BYTES.')
  async receive(@Param('provider', providerPipe) provider: InboundProvider, @Query(queryPipe) query: z.output<typeof querySchema>, @Req() req: IncomingMessage) {
    const rawBody = await readBody(req, this.maxBodyBytes);
    const verdict = verifyInbound(provider, { rawBody, headers: req.headers }, this.secrets[provider].get(query.tenant) ?? [], this.clock());
    // Which tenants have secrets is not told: a tenant without one reads as a mismatch.
    if (!verdict.ok) {
      const reason = verdict.reason === 'no-secret' ? 'signature-mismatch' : verdict.reason;
      throw problem(401, reason === 'signature-mismatch' ? 'the signature does not match' : verdict.message, { extensions: { reason } });
    }
    const parsed = parsed400(() => parseInbound(provider, rawBody));
    if (isIgnored(parsed)) return { applied: false, reason: parsed.ignored };
    if (parsed.tenant !== undefined && parsed.tenant !== query.tenant) throw problem(400, `the payload names tenant "${parsed.tenant}", not the signing tenant`);
    if (!(await this.replays.claim(query.tenant, provider, verdict.signature, this.clock()))) return { applied: false, reason: 'delivery already received' };
    try {
      const incident = await this.lifecycle.act(query.tenant, parsed.incidentId, lifecycleAction(provider, parsed));
      return { applied: true, incidentId: incident.id, action: parsed.action, actor: parsed.actor, status: incident.status, version: incident.version };
    } catch (error) {
      // Nothing was done: the provider's retry may act (once).
      await this.replays.release(query.tenant, provider, verdict.signature);
      throw asProblem(error);
    }
  }
}

function lifecycleAction(provider: InboundProvider, parsed: InboundAction): IncidentAction {
  const comment = `from ${provider}`;
  // The provider says resolved, not why: the resolution code is "other" until a person sets it.
  return parsed.action === 'resolve' ? { type: 'resolve', actor: parsed.actor, resolution: 'other', comment } : { type: 'acknowledge', actor: parsed.actor, comment };
}

function parsed400(parse: () => InboundParse): InboundParse {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InboundPayloadError) throw problem(400, error.message);
    throw error;
  }
}
